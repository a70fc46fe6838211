'use client';

import { useRef, type ReactNode } from 'react';

/**
 * A list's search box: what is typed reaches `onChange` once typing pauses (250 ms), not at
 * every key, so a long list is filtered once per word.
 */
export function SearchInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
}): ReactNode {
  const typing = useRef<number | undefined>(undefined);
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={`${label}…`}
      defaultValue={value}
      onChange={(e) => {
        const text = e.target.value;
        window.clearTimeout(typing.current);
        typing.current = window.setTimeout(() => onChange(text), 250);
      }}
    />
  );
}
