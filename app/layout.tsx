import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/AppHeader';
import { Providers } from '@/components/Providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Meshlens', template: '%s · Meshlens' },
  description: 'Service-mesh observability for Istio and Envoy meshes',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppHeader />
          <main className="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
