// @ts-check
/**
 * Next.js configuration. Runtime settings (backends, auth, ports) come from the
 * environment and are validated by lib/config; only build-time options live here.
 * @type {import('next').NextConfig}
 */
const basePath = process.env.BASE_PATH || '';

const nextConfig = {
  output: 'standalone',
  // Next bakes the base path into the build; an empty string means "served at /".
  basePath,
  // Client code prefixes its API calls with it.
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  poweredByHeader: false,
  reactStrictMode: true,
  // prom-client keeps module-level state and @kubernetes/client-node pulls in Node-only
  // modules: load both from node_modules at run time instead of bundling them.
  serverExternalPackages: ['prom-client', '@kubernetes/client-node'],
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
