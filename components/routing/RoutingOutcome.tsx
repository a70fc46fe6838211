'use client';

import type { ReactNode } from 'react';
import type { RoutingConflict, RoutingPreview } from '@/lib/contracts/routing';
import type { RoutingValidation } from '@/lib/routing/validate';
import { DiffView } from './DiffView';
import styles from './RoutingOutcome.module.css';

/**
 * Someone changed an object since it was loaded: nothing was written. Shows its new version
 * against this edit and offers to re-base the edit on it or drop it.
 */
export function RoutingConflictPanel({
  conflict,
  onRebase,
  onDiscard,
}: {
  conflict: RoutingConflict;
  onRebase: () => void;
  onDiscard: () => void;
}): ReactNode {
  const { kind, name, currentResourceVersion, diff } = conflict.conflict;
  return (
    <section className={`card ${styles.conflict}`} role="alert" aria-label="Conflict">
      <strong>{conflict.error.message}</strong>
      <p className="muted">
        {kind} {name} is now at resourceVersion {currentResourceVersion ?? '(deleted)'}. What it
        holds now (−) against what your edit would write (+):
      </p>
      <DiffView lines={diff} label="Current version against your edit" />
      <div className="button-row">
        <button type="button" className="primary" onClick={onRebase}>
          Load the new version and keep my edits
        </button>
        <button type="button" onClick={onDiscard}>
          Discard my edits
        </button>
      </div>
    </section>
  );
}

/** What an apply would write, in order, as YAML diffs, and the API server's dry-run verdict. */
export function RoutingPreviewPanel({ preview }: { preview: RoutingPreview }): ReactNode {
  return (
    <section className="card preview" aria-label="Preview">
      <h3>
        Preview:{' '}
        {preview.steps.length
          ? `${preview.steps.length} write${preview.steps.length > 1 ? 's' : ''}, in this order`
          : 'nothing changes'}
      </h3>
      {preview.dryRun.ok ? (
        <p className={styles.okText} role="status">
          The Kubernetes API accepted every write in a dry run.
        </p>
      ) : (
        <p className="banner banner-error" role="alert">
          Dry run rejected {preview.dryRun.kind} {preview.dryRun.name}: {preview.dryRun.message}
        </p>
      )}
      <ol className={styles.plan}>
        {preview.steps.map((step, i) => (
          <li key={i}>
            <strong>
              {step.action} {step.kind} {step.name}
            </strong>
            <DiffView lines={step.diff} label={`Changes to ${step.kind} ${step.name}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What is wrong with the draft (errors block preview and apply) and what to watch for. */
export function ValidationList({
  problems,
}: {
  problems: readonly Pick<RoutingValidation, 'severity' | 'path' | 'message'>[];
}): ReactNode {
  if (problems.length === 0) return null;
  return (
    <ul className={styles.validations} aria-label="Validation">
      {problems.map((p, i) => (
        <li key={i} className={p.severity === 'error' ? 'error-text' : 'warn-text'}>
          {p.severity === 'error' ? 'Error' : 'Warning'} · {p.path}: {p.message}
        </li>
      ))}
    </ul>
  );
}
