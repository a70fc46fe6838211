'use client';

import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { BASE_PATH } from '@/lib/client/api';
import { useSignIn } from '@/lib/client/mutations';
import styles from './LoginForm.module.css';

/** Where to go after signing in: only a path of this site, never another origin. */
const safeNext = (next: string | null): string =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

/**
 * Paste a Kubernetes bearer token (e.g. `kubectl create token <service account>`); Meshlens
 * checks it with the API server and keeps it server-side, in an HttpOnly cookie. Everything
 * you then see and change is what Kubernetes RBAC allows that token.
 */
export function LoginForm(): ReactNode {
  const search = useSearchParams();
  const [token, setToken] = useState('');
  const signIn = useSignIn();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(token, {
      // A full page load, not router.push: it drops every cache of the previous identity.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      onSuccess: () => window.location.assign(`${BASE_PATH}${safeNext(search.get('next'))}`),
    });
  };

  return (
    <form className={`card ${styles.login}`} onSubmit={submit}>
      <h1 className="page-title">Sign in to Meshlens</h1>
      <p className="muted">
        Paste a Kubernetes bearer token, for example from{' '}
        <code>kubectl -n &lt;namespace&gt; create token &lt;service account&gt;</code>. Meshlens
        checks it with the API server and keeps it on the server; what you see and may change is
        what RBAC allows it.
      </p>
      <label className="field">
        <span>Token</span>
        <textarea
          value={token}
          onChange={(event) => setToken(event.target.value)}
          rows={4}
          required
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      {signIn.error && (
        <p className="banner banner-error" role="alert">
          {signIn.error.message}
        </p>
      )}
      <button
        type="submit"
        className={styles.submit}
        disabled={signIn.isPending || token.trim() === ''}
      >
        Sign in
      </button>
    </form>
  );
}
