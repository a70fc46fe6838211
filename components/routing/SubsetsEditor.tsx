'use client';

import type { ReactNode } from 'react';
import type { RoutingSpec } from '@/lib/contracts/routing-model';
import { removeAt, updateAt } from '@/lib/list-edit';
import { labelsText, parseLabels, tidyPolicy } from '@/lib/routing/edit';

type Subset = RoutingSpec['subsets'][number];
type SimpleBalancing = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM';

/** The DestinationRule's subsets: name, labels and a load balancing of their own. */
export function SubsetsEditor({
  subsets,
  disabled,
  onChange,
}: {
  subsets: readonly Subset[];
  disabled: boolean;
  onChange: (subsets: Subset[]) => void;
}): ReactNode {
  const update = (i: number, change: (subset: Subset) => Subset) =>
    onChange(updateAt([...subsets], i, change));
  return (
    <>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Subset</th>
            <th scope="col">Labels</th>
            <th scope="col">Load balancing</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {subsets.map((s, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Name of subset ${i + 1}`}
                  value={s.name}
                  disabled={disabled}
                  onChange={(event) => update(i, (x) => ({ ...x, name: event.target.value }))}
                />
              </td>
              <td>
                <input
                  aria-label={`Labels of subset ${i + 1}`}
                  value={labelsText(s.labels)}
                  disabled={disabled}
                  onChange={(event) =>
                    update(i, (x) => ({ ...x, labels: parseLabels(event.target.value) }))
                  }
                />
              </td>
              <td>
                <select
                  aria-label={`Load balancing of subset ${s.name}`}
                  value={
                    s.trafficPolicy?.loadBalancer && 'simple' in s.trafficPolicy.loadBalancer
                      ? s.trafficPolicy.loadBalancer.simple
                      : ''
                  }
                  disabled={disabled}
                  onChange={(event) =>
                    update(i, (x) => ({
                      ...x,
                      trafficPolicy: tidyPolicy({
                        ...x.trafficPolicy,
                        loadBalancer: event.target.value
                          ? { simple: event.target.value as SimpleBalancing }
                          : undefined,
                      }),
                    }))
                  }
                >
                  <option value="">as the service</option>
                  <option value="ROUND_ROBIN">round robin</option>
                  <option value="LEAST_REQUEST">least request</option>
                  <option value="RANDOM">random</option>
                </select>
              </td>
              <td>
                {!disabled && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onChange(removeAt([...subsets], i))}
                    aria-label={`Remove subset ${s.name}`}
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
        <button
          type="button"
          onClick={() =>
            onChange([
              ...subsets,
              {
                name: `v${subsets.length + 1}`,
                labels: { version: `v${subsets.length + 1}` },
              },
            ])
          }
        >
          Add subset
        </button>
      )}
    </>
  );
}
