// The API's HTTP server. Keep-alive is a race between the two ends of an idle connection: if the
// server closes it just as a proxy or load balancer reuses it, that request dies with a reset and
// the user sees a 502. The end that times out first must be the client, so the server waits
// longer than any proxy in front of it is allowed to keep an idle connection (nginx 60 s, common
// cloud load balancers 60 s) instead of Node's default 5 s.
//
// A client that sends its request slowly (slow loris) must not hold a connection for Node's
// default 300 s, and the number of connections is capped: each costs a socket and memory.
import http from 'node:http';
import type { RequestListener } from 'node:http';

export interface HttpTimeouts {
  /** How long the server keeps an idle keep-alive connection open; 65 s unless set. */
  keepAliveTimeoutMs?: number;
  /** How long a request's headers may take to arrive, from its first byte; 20 s unless set. */
  headersTimeoutMs?: number;
  /** How long a whole request (headers and body) may take to arrive; 30 s unless set. */
  requestTimeoutMs?: number;
  /** Open connections at most; more are refused at once. 1,024 unless set. */
  maxConnections?: number;
}

export const HTTP_DEFAULTS = { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 20_000, requestTimeoutMs: 30_000, maxConnections: 1024 } as const;

export function createHttpServer(app: RequestListener, timeouts: HttpTimeouts = {}): http.Server {
  const o = { ...HTTP_DEFAULTS, ...definedOnly(timeouts) };
  // headersTimeout and requestTimeout count from a request's first byte: a connection idle between
  // two requests is the keep-alive timeout's alone (test/unit/http-keep-alive.test.ts checks both).
  // Node looks for late requests every connectionsCheckingInterval (30 s by default): a check each
  // second makes the timeouts hold to the second.
  const server = http.createServer({
    keepAliveTimeout: o.keepAliveTimeoutMs,
    headersTimeout: Math.min(o.headersTimeoutMs, o.requestTimeoutMs),
    requestTimeout: o.requestTimeoutMs,
    connectionsCheckingInterval: 1_000,
  });
  server.on('request', app);
  server.maxConnections = o.maxConnections;
  return server;
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
