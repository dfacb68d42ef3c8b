// Metrics on the real dev server and ledger: the API's /metrics (its own listener) counts and times
// requests by route pattern and status, and reads open and overdue tickets from the ledger at
// scrape time (one query per cache period); the worker's Temporal Core serves its own metrics on
// a second port (HOTLINE_WORKER_METRICS_PORT), the Runtime installed as worker/telemetry.ts does.
import { createApiMetrics, LEDGER_CACHE_MS } from '../../api/metrics';
import { startMetricsServer, type MetricsServer } from '../../api/metrics-server';
import type { LedgerDb, Queryable } from '../../ledger/db';
import { freePort } from '../../platform/dev-server';
import { workerRuntimeOptions } from '../../worker/telemetry';
import { apiHarness, ApiHarness, intakeBody, Who } from '../setup/api';
import { dashboardMetrics } from '../setup/dashboard';
import { openTestLedger } from '../setup/ledger';
import { eventually, installTestRuntime } from '../setup/temporal';

const operator: Who = { role: 'operator', sub: 'op-i19b' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-i19b' };

let api: ApiHarness;
let db: LedgerDb;
let server: MetricsServer;
let workerMetricsPort: number;
let clock = Date.parse('2026-12-01T00:00:00Z');
let ledgerQueries = 0;

beforeAll(async () => {
  workerMetricsPort = await freePort();
  installTestRuntime(
    workerRuntimeOptions({ HOTLINE_LOG_LEVEL: 'WARN', HOTLINE_METRICS_HOST: '127.0.0.1', HOTLINE_WORKER_METRICS_PORT: workerMetricsPort }),
  );
  db = await openTestLedger();
  // The real ledger, its queries counted: the cache must spare it repeated scrapes.
  const counted: Queryable = { query: (sql, params) => (ledgerQueries++, db.query(sql, params)), exec: (sql) => db.exec(sql) };
  const metrics = createApiMetrics({ ledger: () => counted, now: () => clock });
  api = await apiHarness('i19b-metrics', { ledger: db, metrics });
  server = await startMetricsServer(metrics.registry, '127.0.0.1', 0);
});
afterAll(async () => {
  await server?.close();
  await api?.close();
  await db?.close();
});

const scrape = async (url = server.url) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of one series, `name{labels}` exactly as exposed. */
const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('the API’s /metrics', () => {
  test('requests by route pattern and status with latency; open tickets by status from the ledger', async () => {
    const auth = await api.bearer(operator);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await api.http().post('/api/v1/tickets').set('Authorization', auth).send(intakeBody());
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const dispatched = await api
      .http()
      .post(`/api/v1/tickets/${ids[0]}/actions/dispatch`)
      .set('Authorization', await api.bearer(dispatcher))
      .send({ unit: 'LJ-JB-HOUSING' });
    expect(dispatched.status).toBe(200);
    expect((await api.http().get(`/api/v1/tickets/${ids[1]}`).set('Authorization', auth)).status).toBe(200);
    expect((await api.http().get('/api/v1/tickets/20260101-0000001').set('Authorization', auth)).status).toBe(404);
    expect((await api.http().get(`/api/v1/tickets/${ids[1]}/nowhere/${ids[0]}`).set('Authorization', auth)).status).toBe(404);
    expect((await api.http().get('/healthz')).status).toBe(200);

    // Both tickets in the ledger before the first scrape (the workflow records asynchronously).
    await eventually(
      () => db.query<{ n: number }>("SELECT count(*)::int AS n FROM ticket_summaries WHERE status IN ('registered', 'dispatched')"),
      (rows) => rows[0].n === 2,
    );
    const { type, text } = await scrape();
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const h = 'hotline_http_request_duration_seconds';
    expect(value(text, `${h}_count{method="POST",route="/api/v1/tickets",status="201"}`)).toBe(2);
    expect(value(text, `${h}_count{method="POST",route="/api/v1/tickets/:id/actions/:action",status="200"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="/api/v1/tickets/:id",status="200"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="/api/v1/tickets/:id",status="404"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="unmatched",status="404"}`)).toBe(1);
    expect(value(text, `${h}_count{method="GET",route="/healthz",status="200"}`)).toBe(1);
    // Latency buckets are cumulative, up to +Inf = the count.
    expect(value(text, `${h}_bucket{le="+Inf",method="POST",route="/api/v1/tickets",status="201"}`)).toBe(2);
    expect(value(text, `${h}_sum{method="POST",route="/api/v1/tickets",status="201"}`)).toBeGreaterThan(0);
    // Never a raw path: no ticket id in any label.
    expect(text).not.toMatch(/\d{8}-\d{7}/);

    expect(value(text, 'hotline_tickets_open{status="registered"}')).toBe(1);
    expect(value(text, 'hotline_tickets_open{status="dispatched"}')).toBe(1);
    expect(value(text, 'hotline_tickets_overdue')).toBe(0);
    expect(value(text, 'hotline_ledger_up')).toBe(1);
    // The process's own figures, prefixed.
    expect(text).toMatch(/^hotline_api_process_resident_memory_bytes \d+/m);
  });

  test('the ledger is counted once per cache period, however often it is scraped', async () => {
    clock += LEDGER_CACHE_MS;
    const before = ledgerQueries;
    await scrape();
    await scrape();
    await scrape();
    expect(ledgerQueries - before).toBe(1);
    clock += LEDGER_CACHE_MS;
    await scrape();
    expect(ledgerQueries - before).toBe(2);
  });

  test('only GET /metrics is served there', async () => {
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
    // …and the API's own port does not serve it.
    expect((await api.http().get('/metrics')).status).toBe(404);
  });
});

describe('the worker’s Temporal Core metrics (second scrape target)', () => {
  const url = () => `http://127.0.0.1:${workerMetricsPort}/metrics`;
  const served = (text: string) => new Set(text.split('\n').map((l) => /^[a-z_]+/.exec(l)?.[0]));
  const expected = [
    'temporal_worker_task_slots_available',
    'temporal_workflow_task_execution_latency_seconds_bucket',
    'temporal_workflow_task_schedule_to_start_latency_seconds_bucket',
    'temporal_activity_execution_latency_seconds_bucket',
    'temporal_sticky_cache_size',
  ];

  test('task slots, polls, workflow task and activity latencies in Prometheus format', async () => {
    // An activity's latency is recorded as it completes, a moment after the answer to the API.
    const { text } = await eventually(
      () => scrape(url()),
      (r) => expected.every((name) => served(r.text).has(name)),
    );
    expect(expected.filter((name) => !served(text).has(name))).toEqual([]);
    expect(text).toMatch(new RegExp(`task_queue="api-i19b-metrics-${process.pid}"`));
  });

  test('every Core metric the Grafana dashboard reads is served', async () => {
    const { text } = await scrape(url());
    expect(dashboardMetrics('temporal_').length).toBeGreaterThan(4);
    expect(dashboardMetrics('temporal_').filter((m) => !served(text).has(m))).toEqual([]);
  });
});
