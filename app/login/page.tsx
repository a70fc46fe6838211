import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { LoginForm } from '@/components/shell/LoginForm';

export const metadata: Metadata = { title: 'Sign in' };

/** Sign-in with a Kubernetes bearer token (AUTH_STRATEGY=token). */
export default function LoginPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <LoginForm />
    </Suspense>
  );
}
