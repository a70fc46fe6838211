import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page on another origin (`http://localhost:PORT`) that frames `src`, as a Grafana panel would. */
export async function startHostPage(
  src: string,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>
<html><head><title>Dashboard</title></head>
<body style="margin:0">
<h1 style="font:14px sans-serif">Grafana-like host page</h1>
<iframe title="Meshlens" src="${src.replace(/"/g, '&quot;')}" style="width:1200px;height:700px;border:0"></iframe>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    // `localhost`, not 127.0.0.1: another origin than the dashboard's.
    url: `http://localhost:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
