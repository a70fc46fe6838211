'use client';

import type { ReactNode } from 'react';
import type { NamespacesResponse } from '@/lib/contracts/namespaces';
import picker from './picker.module.css';

export interface NamespacePickerProps {
  options: NamespacesResponse['namespaces'];
  selected: readonly string[];
  onChange: (namespaces: string[]) => void;
  /** What none selected means here (default: "Select namespaces"). */
  emptyText?: string;
}

/** A checkbox list in a disclosure: keyboard-usable without any popup library. */
export function NamespacePicker({
  options,
  selected,
  onChange,
  emptyText = 'Select namespaces',
}: NamespacePickerProps): ReactNode {
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...selected, name].sort() : selected.filter((n) => n !== name));
  const summary =
    selected.length === 0
      ? emptyText
      : selected.length <= 2
        ? selected.join(', ')
        : `${selected.length} namespaces`;
  return (
    <details className={picker.picker}>
      <summary aria-label={`Namespaces: ${summary}`}>
        <span className="muted">Namespaces</span> {summary}
      </summary>
      <fieldset className={picker.menu}>
        <legend className="sr-only">Namespaces</legend>
        {options.length === 0 && <p className="muted">No namespaces found.</p>}
        {options.map((ns) => (
          <label key={ns.name} className={picker.item}>
            <input
              type="checkbox"
              checked={selected.includes(ns.name)}
              onChange={(e) => toggle(ns.name, e.target.checked)}
            />
            {ns.name}
            {ns.hasTraffic && <span className="muted"> · traffic</span>}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
