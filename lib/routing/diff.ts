import { diffLines as myersLines } from 'diff';

/** A line diff, for the preview of YAML before and after. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** The lines of a text, without the empty one after a final newline. */
const linesOf = (text: string): string[] =>
  text === '' ? [] : text.replace(/\n$/, '').split('\n');

/**
 * Lines of `after` compared with `before`: jsdiff's Myers diff (O((n+m)·d) for d changed
 * lines), each change split into our lines. Within a change, removed lines come first.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  // A final newline on both, so the last line compares equal whether or not it had one.
  const end = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
  for (const change of myersLines(end(before), end(after))) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    for (const text of linesOf(change.value)) out.push({ kind, text });
  }
  return out;
}
