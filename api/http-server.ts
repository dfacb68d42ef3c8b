// The API's HTTP server. Keep-alive is a race between the two ends of an idle connection: if the
// server closes it just as a proxy or load balancer reuses it, that request dies with a reset and
// the user sees a 502. The end that times out first must be the client, so the server waits
// longer than any proxy in front of it is allowed to keep an idle connection (nginx 60 s, common
// cloud load balancers 60 s) instead of Node's default 5 s.
import http from 'node:http';
import type { RequestListener } from 'node:http';

export interface HttpTimeouts {
  /** How long the server keeps an idle keep-alive connection open; 65 s unless set. */
  keepAliveTimeoutMs?: number;
}

export function createHttpServer(app: RequestListener, timeouts: HttpTimeouts = {}): http.Server {
  const keepAliveTimeoutMs = timeouts.keepAliveTimeoutMs ?? 65_000;
  const server = http.createServer(app);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Node closes a connection whose next request's headers have not all arrived within
  // headersTimeout, counted from the end of the previous response: it must outlast the keep-alive
  // wait, or an idle connection is cut at headersTimeout after all.
  server.headersTimeout = keepAliveTimeoutMs + 5_000;
  return server;
}
