import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, JsonPatchError, type Json } from './patch';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('does not mutate its inputs', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc: Json = {
    spec: { http: [{ route: [{ weight: 50 }, { weight: 50 }] }] },
    metadata: { resourceVersion: '7' },
  };

  it('adds, removes, replaces, moves and copies', () => {
    expect(applyJsonPatch({ a: [1, 3] }, [{ op: 'add', path: '/a/1', value: 2 }])).toEqual({
      a: [1, 2, 3],
    });
    expect(applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/-', value: 2 }])).toEqual({
      a: [1, 2],
    });
    expect(applyJsonPatch({ a: 1, b: 2 }, [{ op: 'remove', path: '/a' }])).toEqual({ b: 2 });
    expect(
      applyJsonPatch(doc, [{ op: 'replace', path: '/spec/http/0/route/1/weight', value: 20 }]),
    ).toMatchObject({
      spec: { http: [{ route: [{ weight: 50 }, { weight: 20 }] }] },
    });
    expect(applyJsonPatch({ a: { x: 1 } }, [{ op: 'move', from: '/a/x', path: '/b' }])).toEqual({
      a: {},
      b: 1,
    });
    expect(applyJsonPatch({ a: [1] }, [{ op: 'copy', from: '/a', path: '/b' }])).toEqual({
      a: [1],
      b: [1],
    });
  });

  it('unescapes ~0 and ~1 in pointers', () => {
    expect(
      applyJsonPatch({ 'a/b': 1, 'm~n': 2 }, [
        { op: 'replace', path: '/a~1b', value: 3 },
        { op: 'remove', path: '/m~0n' },
      ]),
    ).toEqual({ 'a/b': 3 });
  });

  it('passes a test op that matches, ignoring key order', () => {
    expect(() =>
      applyJsonPatch({ a: { x: 1, y: 2 } }, [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }]),
    ).not.toThrow();
  });

  it('fails the whole patch when a test op does not match (a precondition)', () => {
    const ops = [
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 10 },
      { op: 'test', path: '/metadata/resourceVersion', value: '6' },
    ] as const;
    const before = structuredClone(doc);
    expect(() => applyJsonPatch(doc, [...ops])).toThrow(JsonPatchError);
    expect(doc).toEqual(before);
  });

  it.each([
    [{ op: 'replace', path: '/missing', value: 1 }, /does not exist/],
    [{ op: 'remove', path: '/a/5' }, /out of bounds/],
    [{ op: 'add', path: 'no-slash', value: 1 }, /invalid JSON pointer/],
    [{ op: 'add', path: '/a' }, /missing value/],
    [{ op: 'frobnicate', path: '/a' }, /unknown operation/],
  ])('rejects %j', (operation, message) => {
    expect(() => applyJsonPatch({ a: [1] }, [operation])).toThrow(message);
  });
});
