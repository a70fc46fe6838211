import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/AppHeader';
import { Providers } from '@/components/shell/Providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Meshlens', template: '%s · Meshlens' },
  description: 'Service-mesh observability for Istio and Envoy meshes',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

/**
 * Every page renders per request: the CSP nonce is new each time, and `?kiosk` (no page chrome,
 * for Grafana panels) and `?theme=light|dark` arrive as headers set by proxy.ts.
 */
export default async function RootLayout({
  children,
}: {
  children: ReactNode;
}): Promise<ReactNode> {
  const request = await headers();
  const kiosk = request.get('x-meshlens-kiosk') === '1';
  const theme = request.get('x-meshlens-theme') || undefined;
  return (
    <html lang="en" data-theme={theme}>
      <body className={kiosk ? 'kiosk' : undefined}>
        <Providers>
          {!kiosk && <AppHeader />}
          <main className="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
