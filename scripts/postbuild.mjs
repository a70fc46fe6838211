// `output: 'standalone'` leaves static assets out of .next/standalone; the standalone server
// expects them beside it. Copy them so `node .next/standalone/server.js` serves a complete app.
import { cpSync, existsSync, rmSync } from 'node:fs';

const standalone = '.next/standalone';
if (!existsSync(standalone)) {
  console.error('postbuild: .next/standalone is missing; is output: "standalone" set?');
  process.exit(1);
}
for (const [from, to] of [
  ['.next/static', `${standalone}/.next/static`],
  ['public', `${standalone}/public`],
  // Preloaded by `npm start`, the demo and the image: the trusted peer address (header sign-in).
  ['scripts/peer-address.cjs', `${standalone}/peer-address.cjs`],
]) {
  if (!existsSync(from)) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
