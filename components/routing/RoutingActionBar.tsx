'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import styles from './RoutingActionBar.module.css';

/**
 * The bar under the editor: whether there is anything to write, the draft on the graph, and
 * preview → apply (apply only after a preview the API server's dry run accepted) or discard.
 */
export function RoutingActionBar({
  dirty,
  busy,
  blocking,
  previewOk,
  whatIf,
  cluster,
  onPreview,
  onApply,
  onDiscard,
}: {
  dirty: boolean;
  /** A preview or apply is on its way. */
  busy: boolean;
  /** The draft has errors. */
  blocking: boolean;
  /** The last preview's dry run passed (undefined: no preview of this draft). */
  previewOk: boolean | undefined;
  /** The graph with the draft's weights drawn on it, when they can be. */
  whatIf: string | undefined;
  /** The cluster written to, when the mesh names its clusters (KUBE_CLUSTERS). */
  cluster?: string;
  onPreview: () => void;
  onApply: () => void;
  onDiscard: () => void;
}): ReactNode {
  return (
    <div className={styles.actionBar}>
      <span className="muted">{dirty ? 'Unsaved changes' : 'No changes'}</span>
      {whatIf && <Link href={whatIf}>What-if on the graph</Link>}
      <button type="button" disabled={!dirty || busy || blocking} onClick={onPreview}>
        Preview
      </button>
      <button
        type="button"
        className="primary"
        disabled={!dirty || busy || blocking || previewOk !== true}
        title={previewOk === undefined ? 'Preview first' : undefined}
        onClick={onApply}
      >
        {cluster ? `Apply to cluster ${cluster}` : 'Apply'}
      </button>
      <button type="button" disabled={!dirty || busy} onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}
