import type { ReactNode } from 'react';
import styles from './DiffView.module.css';

/** A unified line diff of YAML: removed lines red, added green, context trimmed to 3 lines. */
export function DiffView({
  lines,
  label,
}: {
  lines: { kind: 'same' | 'added' | 'removed'; text: string }[];
  label: string;
}): ReactNode {
  const near = (i: number) => lines.slice(Math.max(0, i - 3), i + 4).some((l) => l.kind !== 'same');
  return (
    <pre className={styles.diff} aria-label={label}>
      {lines.map((line, i) =>
        line.kind === 'same' && !near(i) ? (
          i > 0 && near(i - 1) ? (
            <span key={i} className={styles.diffGap}>
              ⋯{'\n'}
            </span>
          ) : null
        ) : (
          <span key={i} className={line.kind === 'same' ? undefined : styles[line.kind]}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
            {'\n'}
          </span>
        ),
      )}
    </pre>
  );
}
