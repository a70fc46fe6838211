'use client';

import { useState, type ReactNode } from 'react';
import type { Destination } from '@/lib/contracts/routing-model';
import { choiceOf, choiceOptions, targetOf, type DestinationChoices } from '@/lib/routing/edit';
import { distributeEvenly, effectivePercents, setWeight } from '@/lib/routing/weights';
import { removeAt, updateAt } from '@/lib/list-edit';
import styles from './WeightEditor.module.css';

export interface WeightEditorProps {
  destinations: Destination[];
  /** What each destination may be: a subset of the DestinationRule, or a Service. */
  choices: DestinationChoices;
  disabled: boolean;
  onChange: (destinations: Destination[]) => void;
}

/**
 * Traffic shifting: a slider and a number per destination, the effective share beside it,
 * a lock to keep a value while moving the others, and "distribute evenly".
 */
export function WeightEditor({
  destinations,
  choices,
  disabled,
  onChange,
}: WeightEditorProps): ReactNode {
  const [locked, setLocked] = useState<ReadonlySet<number>>(new Set());
  const percents = effectivePercents(destinations.map((d) => d.weight));
  const weights = destinations.map((d) => d.weight);
  const total = weights.reduce((s, w) => s + w, 0);
  const set = (index: number, value: number) => {
    const next = destinations.length > 1 ? setWeight(weights, index, value, locked) : [100];
    onChange(destinations.map((d, i) => ({ ...d, weight: next[i] ?? 0 })));
  };
  const label = (d: Destination) => `${d.host}${d.subset ? ` ${d.subset}` : ''}`;
  const what = choices.kind === 'subset' ? 'Subset' : 'Service';
  const options = choiceOptions(choices);
  return (
    <div className={styles.weights}>
      <table className="table compact">
        <caption>
          Destinations
          {total !== 100 && total > 0
            ? ` (weights add up to ${total}: each destination gets its share)`
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{what}</th>
            <th scope="col">Weight</th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col">
              <span className="sr-only">Lock and remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {destinations.map((d, i) => (
            <tr key={i}>
              <td>
                <select
                  aria-label={`${what} of destination ${i + 1}`}
                  value={choiceOf(choices, d)}
                  disabled={disabled}
                  onChange={(event) => {
                    const { subset, host } = targetOf(choices, event.target.value);
                    onChange(
                      updateAt(destinations, i, (x) => ({
                        host,
                        ...(subset ? { subset } : {}),
                        ...(x.port !== undefined ? { port: x.port } : {}),
                        weight: x.weight,
                      })),
                    );
                  }}
                >
                  {[
                    ...options,
                    // What the route names now, even when it is not among the choices.
                    ...(options.some((o) => o.value === choiceOf(choices, d))
                      ? []
                      : [{ value: choiceOf(choices, d), label: choiceOf(choices, d) }]),
                  ].map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </td>
              <td className={styles.weightCell}>
                <input
                  type="range"
                  min={0}
                  max={100}
                  value={Math.round(percents[i] ?? 0)}
                  disabled={disabled || destinations.length < 2 || locked.has(i)}
                  aria-label={`Weight of ${label(d)} (slider)`}
                  onChange={(event) => set(i, Number(event.target.value))}
                />
                <input
                  type="number"
                  min={0}
                  max={100}
                  value={d.weight}
                  disabled={disabled || destinations.length < 2 || locked.has(i)}
                  aria-label={`Weight of ${label(d)}`}
                  onChange={(event) => set(i, Number(event.target.value))}
                />
              </td>
              <td className="num">
                {(percents[i] ?? 0).toFixed(percents[i] && percents[i] % 1 ? 1 : 0)} %
              </td>
              <td className={styles.rowActions}>
                {destinations.length > 1 && (
                  <label className={styles.lock} title="Keep this weight while moving the others">
                    <input
                      type="checkbox"
                      checked={locked.has(i)}
                      disabled={disabled}
                      onChange={(event) => {
                        const next = new Set(locked);
                        if (event.target.checked) next.add(i);
                        else next.delete(i);
                        setLocked(next);
                      }}
                    />
                    lock
                  </label>
                )}
                {destinations.length > 1 && !disabled && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Remove destination ${label(d)}`}
                    onClick={() => {
                      setLocked(new Set());
                      const rest = removeAt(destinations, i);
                      const even = distributeEvenly(rest.length);
                      onChange(
                        rest.length === 1
                          ? [{ ...(rest[0] as Destination), weight: 100 }]
                          : rest.map((x, k) => ({ ...x, weight: even[k] ?? 0 })),
                      );
                    }}
                  >
                    remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!disabled && (
        <div className="button-row">
          <button
            type="button"
            onClick={() => {
              const used = new Set(destinations.map((d) => choiceOf(choices, d)));
              const free = options.find((o) => o.value && !used.has(o.value)) ?? options[0];
              setLocked(new Set());
              onChange([
                ...destinations.map((d) => ({ ...d })),
                { ...targetOf(choices, free?.value ?? ''), weight: 0 },
              ]);
            }}
          >
            Add destination
          </button>
          {destinations.length > 1 && (
            <button
              type="button"
              onClick={() => {
                setLocked(new Set());
                const even = distributeEvenly(destinations.length);
                onChange(destinations.map((d, i) => ({ ...d, weight: even[i] ?? 0 })));
              }}
            >
              Distribute evenly
            </button>
          )}
        </div>
      )}
    </div>
  );
}
