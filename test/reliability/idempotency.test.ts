// Idempotency: 50 concurrent intakes with one Idempotency-Key make exactly one ticket. One request
// gets 201, the 49 others 200 with `Idempotent-Replayed: true`, all the same ticket; the server
// holds one workflow and its trail one registration.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { HttpClient } from '../../bench/lib/http';
import { LoopbackSmtp } from '../setup/smtp';
import { testActivities } from '../setup/temporal';
import { ApiProcess, connect, Connected, runApi, runWorker, SqliteDevServer, tempDir, until } from './support/harness';

const TASK_QUEUE = 'rel-idempotency';
const N = 50;

describe('reliability: idempotent intake', () => {
  const dir = tempDir('idem');
  const server = new SqliteDevServer(dir);
  const smtp = new LoopbackSmtp();
  let temporal: Connected;
  let worker: { stop(): Promise<void> };
  let api: ApiProcess;

  beforeAll(async () => {
    await server.start();
    await smtp.start();
    temporal = await connect(server.address);
    worker = await runWorker(temporal.native, TASK_QUEUE, testActivities(smtp.url));
    api = await runApi(server.address, TASK_QUEUE, path.join(dir, 'api-data'));
  });
  afterAll(async () => {
    await api?.close();
    await worker?.stop();
    await temporal?.close();
    await smtp.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${N} concurrent intakes with one Idempotency-Key: exactly one ticket`, async () => {
    const http = new HttpClient(api.url, N);
    const key = randomUUID();
    const body = {
      channel: 'phone',
      requestType: 'complaint',
      citizen: { name: '张三', phone: '13812345678' },
      category: 'PROPERTY_MANAGEMENT',
      description: '小区电梯长期故障，物业不维修',
      location: { district: 'JB', street: 'JB-BJ', address: '北街1号' },
    };
    const auth = await api.bearer({ role: 'operator', sub: 'op-idem' });
    const answers = await Promise.all(
      Array.from({ length: N }, () => http.request('POST', '/api/v1/tickets', body, { authorization: auth, 'idempotency-key': key })),
    );
    http.close();

    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(N - 1);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    for (const a of answers.filter((x) => x.status === 200)) expect(a.headers['idempotent-replayed']).toBe('true');
    for (const a of answers) expect(a.headers.location).toBe(`/api/v1/tickets/${id}`);

    // The server holds exactly one workflow (this dev server is the test's own), registered once.
    const count = await until(
      () => temporal.client.workflow.count(),
      (c) => c.count >= 1,
      15_000,
    );
    expect(count.count).toBe(1);
    const listed: string[] = [];
    for await (const w of temporal.client.workflow.list()) listed.push(w.workflowId);
    expect(listed).toEqual([id]);
    const read = await new HttpClient(api.url).request('GET', `/api/v1/tickets/${id}`, undefined, { authorization: auth });
    expect(read.status).toBe(200);
    expect(read.body.history.map((e: { action: string }) => e.action)).toEqual(['register']);
  });
});
