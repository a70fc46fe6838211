// Preloaded into the dashboard's Node process (`node --require ./peer-address.cjs server.js`):
// every HTTP request gets `X-Meshlens-Peer` set to the TCP peer's address, overwriting whatever
// the client sent, so AUTH_STRATEGY=header can trust it. Next.js gives route handlers no socket
// address, and its own `x-forwarded-for` keeps a client-supplied value.
'use strict';
const http = require('node:http');

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, ...rest) {
  if (event === 'request' && request && request.headers) {
    request.headers['x-meshlens-peer'] = (request.socket && request.socket.remoteAddress) || '';
  }
  return emit.call(this, event, request, ...rest);
};
