// The API's Prometheus metrics (prom-client), served on their own listener (api/metrics-server.ts):
// HTTP requests by method, route pattern and status with their latency, and the ledger's open
// tickets by status with the overdue ones. One registry per app, not prom-client's global one, so
// two apps in one process (the tests) do not collide.
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queryable } from '../ledger/db';
import { countOpenTickets, type OpenTicketCount } from '../ledger/open-tickets';
import { log, errorFields } from '../platform/log';

/** Latency buckets, seconds: reads take milliseconds, a Temporal update tens to hundreds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** How long one ledger count serves scrapes: several Prometheus servers scraping cost one query. */
export const LEDGER_CACHE_MS = 10_000;

export interface ApiMetrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
}

export function createApiMetrics(o: { ledger?: () => Queryable | undefined; now?: () => number; processMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (o.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'hotline_api_' });
  const requests = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status, with their latency in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const counts = cachedCounts(o.ledger, o.now ?? Date.now);
  new Gauge({
    name: 'hotline_tickets_open',
    help: 'Open tickets in the ledger by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of (await counts()) ?? []) this.set({ status: c.status }, c.open);
    },
  });
  new Gauge({
    name: 'hotline_tickets_overdue',
    help: 'Open tickets in the ledger that missed a deadline',
    registers: [registry],
    async collect() {
      const all = await counts();
      this.reset();
      if (all) this.set(all.reduce((n, c) => n + c.overdue, 0));
    },
  });
  new Gauge({
    name: 'hotline_ledger_up',
    help: '1 when the last count of open tickets in the ledger succeeded, 0 when it failed or there is no ledger',
    registers: [registry],
    async collect() {
      this.set((await counts()) ? 1 : 0);
    },
  });
  return {
    registry,
    observeRequest: ({ method, route, status }, seconds) => requests.observe({ method, route, status: String(status) }, seconds),
  };
}

/** The ledger's counts, at most one query per LEDGER_CACHE_MS; undefined when it cannot be read. */
function cachedCounts(ledger: (() => Queryable | undefined) | undefined, now: () => number): () => Promise<OpenTicketCount[] | undefined> {
  let last: { at: number; value: Promise<OpenTicketCount[] | undefined> } | undefined;
  return () => {
    const db = ledger?.();
    if (!db) return Promise.resolve(undefined);
    if (!last || now() - last.at >= LEDGER_CACHE_MS) {
      last = {
        at: now(),
        value: countOpenTickets(db).catch((err: unknown) => {
          log('metrics').warn(errorFields(err), 'open tickets not counted: ledger unavailable');
          last = undefined;
          return undefined;
        }),
      };
    }
    return last.value;
  };
}
