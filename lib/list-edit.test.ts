import { describe, expect, it } from 'vitest';
import { moveAt, removeAt, replaceAt, updateAt } from './list-edit';

describe('list editing', () => {
  const list: readonly string[] = ['a', 'b', 'c'];

  it('replaces, updates and removes one item, leaving the list as it was', () => {
    expect(replaceAt(list, 1, 'x')).toEqual(['a', 'x', 'c']);
    expect(updateAt(list, 2, (s) => s.toUpperCase())).toEqual(['a', 'b', 'C']);
    expect(removeAt(list, 0)).toEqual(['b', 'c']);
    expect(replaceAt(list, 5, 'x')).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('moves an item up or down, and no further than the ends', () => {
    expect(moveAt(list, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveAt(list, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveAt(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveAt(list, 1, 5)).toEqual(['a', 'c', 'b']);
  });
});
