// @ts-check
/**
 * Next.js configuration. Runtime settings (backends, auth, ports) come from the
 * environment and are validated by lib/config; only build-time options live here.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  output: 'standalone',
  // BASE_PATH is read at build time by Next; an empty string means "served at /".
  basePath: process.env.BASE_PATH || '',
  poweredByHeader: false,
  reactStrictMode: true,
  // prom-client keeps module-level state and @kubernetes/client-node pulls in Node-only
  // modules: load both from node_modules at run time instead of bundling them.
  serverExternalPackages: ['prom-client', '@kubernetes/client-node'],
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
