'use client';

import { useId, useState, type ReactNode } from 'react';
import { parseFilter } from '@/lib/graph-view/find-hide';

export interface FilterInputProps {
  label: 'Find' | 'Hide';
  value: string;
  onCommit: (value: string) => void;
}

/**
 * A find or hide expression. It applies on Enter or when focus leaves, and only when it
 * parses; otherwise the message says what is wrong and the last valid expression stays.
 */
export function FilterInput({ label, value, onCommit }: FilterInputProps): ReactNode {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const errorId = useId();
  // Follow the URL when it changes from elsewhere (back button, shared link).
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  const parsed = parseFilter(text);
  const commit = () => {
    if (parsed.ok && text !== value) onCommit(text.trim());
  };
  return (
    <span className="filter">
      <input
        type="search"
        aria-label={label}
        placeholder={label === 'Find' ? 'Find (e.g. %err > 0)' : 'Hide (e.g. ns=istio-system)'}
        value={text}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : errorId}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(value);
        }}
        onBlur={commit}
      />
      {!parsed.ok && (
        <span id={errorId} className="filter-error" role="alert">
          {label}: {parsed.error}
        </span>
      )}
    </span>
  );
}
