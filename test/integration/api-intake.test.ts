// Intake over HTTP: ticket numbers, catalog checks, and Idempotency-Key: a retried intake returns
// the same ticket, never a second one, even under 50 concurrent retries.
import { randomUUID } from 'node:crypto';
import { idempotencyKeyHash, idempotentTicketId, ticketDate } from '../../api/ticket-id';
import { WORKFLOW_TYPE } from '../../workflows/messages';
import { apiHarness, ApiHarness, eventually, intakeBody, Who } from '../setup/api';
import { startTicket, ticketInput } from '../setup/temporal';

const operator: Who = { role: 'operator', sub: 'op-idem', name: '受理员' };

describe('API: intake and Idempotency-Key', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('intake');
  });
  afterAll(() => api?.close());

  const post = async (body: object, key?: string, who: Who = operator) => {
    const req = api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(who));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  test('50 concurrent retries with one key open exactly one ticket: one 201, the rest 200 replays', async () => {
    const key = randomUUID();
    const since = new Date(Date.now() - 1000).toISOString();
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(intakeBody({ description: `并发重试 ${key}` }), key)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(responses.every((r) => r.headers.location === `/api/v1/tickets/${id}`)).toBe(true);
    expect(responses.filter((r) => r.status === 200).every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
    expect(responses.every((r) => r.body.registeredAt === responses[0]!.body.registeredAt)).toBe(true);

    // Visibility agrees: one ticket workflow on this task queue carries this description's key.
    const query = `WorkflowType = '${WORKFLOW_TYPE}' AND TaskQueue = '${api.taskQueue}' AND StartTime >= '${since}'`;
    const count = await eventually(
      () => api.client.workflow.count(query),
      (c) => c.count >= 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    const started: string[] = [];
    for await (const w of api.client.workflow.list({ query })) started.push(w.workflowId);
    expect(count.count).toBe(1);
    expect(started).toEqual([id]);
  });

  test('a later retry answers 200 with the ticket as it is now, also once the ticket has ended', async () => {
    const key = `retry-${randomUUID()}`;
    const first = await post(intakeBody(), key);
    expect(first.status).toBe(201);
    const answered = await api
      .http()
      .post(`/api/v1/tickets/${first.body.id}/actions/answer`)
      .set('Authorization', await api.bearer(operator))
      .send({ answer: '已按知识库答复' });
    expect(answered.body.status).toBe('answered');
    const again = await post(intakeBody(), key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.status).toBe('answered');
  });

  test('the same key with another body is a 409; the same key from another caller is another ticket', async () => {
    const key = `conflict-${randomUUID()}`;
    const first = await post(intakeBody(), key);
    expect(first.status).toBe(201);
    const other = await post(intakeBody({ description: '另一件事' }), key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    expect(other.body.error.message).toContain(first.body.id);
    const colleague = await post(intakeBody(), key, { role: 'operator', sub: 'op-other' });
    expect(colleague.status).toBe(201);
    expect(colleague.body.id).not.toBe(first.body.id);
  });

  test('a key whose number is already taken by another ticket moves on to its next number', async () => {
    const key = `collision-${randomUUID()}`;
    const hash = idempotencyKeyHash(operator.sub!, key);
    const date = ticketDate(new Date());
    const squatter = idempotentTicketId(hash, date, 0);
    await startTicket(api.client, api.taskQueue, ticketInput(squatter, new Date()));
    const res = await post(intakeBody(), key);
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(idempotentTicketId(hash, date, 1));
    const retry = await post(intakeBody(), key);
    expect([retry.status, retry.body.id]).toEqual([200, res.body.id]);
  });

  test('without a key every intake is a new ticket numbered by the Beijing date', async () => {
    const [a, b] = await Promise.all([post(intakeBody()), post(intakeBody())]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.id.slice(0, 8)).toBe(ticketDate(new Date()));
  });

  test('direct-dispatch categories start urgent with the 15-minute dispatch deadline', async () => {
    const res = await post(intakeBody({ category: 'WATER_OUTAGE', description: '整栋楼停水' }));
    expect(res.status).toBe(201);
    expect(res.body.flags).toMatchObject({ directDispatch: true, urgent: true });
    const due = Date.parse(res.body.deadlines.dispatchBy) - Date.parse(res.body.registeredAt);
    expect(due).toBe(15 * 60_000);
  });
});
