// GET /api/v1/pool: the console's ticket pool, from the ledger's per-ticket rows, ordered by the
// deadline running now; handlers see only their unit's tickets; filters and pages; no personal data.
// The harness's ledger is this file's own, so the pool holds exactly the tickets opened here.
import { apiHarness, ApiHarness, eventually, intakeBody, PHONE, Who } from '../setup/api';

const UNIT_A = 'LJ-JB-BJ-OFFICE';
const UNIT_B = 'LJ-ECO';
const admin: Who = { role: 'admin' };

interface Item {
  id: string;
  status: string;
  statusLabel: string;
  category: string;
  leadUnit: string | null;
  dueKind: string | null;
  dueAt: string | null;
  escalationLevel: number;
}

describe('API: the ticket pool', () => {
  let api: ApiHarness;
  const id = { registered: '', toA: '', toB: '' };

  beforeAll(async () => {
    api = await apiHarness('pool');
    const op = await api.bearer({ role: 'operator' });
    const open = async (over: object) => (await api.http().post('/api/v1/tickets').set('Authorization', op).send(intakeBody(over))).body.id as string;
    id.registered = await open({});
    id.toA = await open({ category: 'ENVIRONMENTAL_POLLUTION' });
    id.toB = await open({ category: 'CONSUMER_RIGHTS', location: { district: 'LG' } });
    const disp = await api.bearer({ role: 'dispatcher' });
    const dispatch = (t: string, unit: string) => api.http().post(`/api/v1/tickets/${t}/actions/dispatch`).set('Authorization', disp).send({ unit });
    expect((await dispatch(id.toA, UNIT_A)).status).toBe(200);
    expect((await dispatch(id.toB, UNIT_B)).status).toBe(200);
  });
  afterAll(() => api?.close());

  const pool = async (who: Who, query: Record<string, string | number> = {}) =>
    api
      .http()
      .get('/api/v1/pool')
      .query(query)
      .set('Authorization', await api.bearer(who));
  /** Waits until the ledger has recorded both dispatches. */
  const settled = () =>
    eventually(
      () => pool(admin),
      (r) => r.status === 200 && (r.body.items as Item[]).filter((i) => i.status === 'dispatched').length === 2,
    );

  test('every open ticket, soonest deadline first, each with the deadline running in its status', async () => {
    const res = await settled();
    expect(res.status).toBe(200);
    const items = res.body.items as Item[];
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(items.map((i) => i.id).sort()).toEqual(Object.values(id).sort());
    const due = items.map((i) => Date.parse(i.dueAt!));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(byId[id.registered]).toMatchObject({ status: 'registered', statusLabel: '已登记待派单', dueKind: 'dispatchBy', leadUnit: null });
    expect(byId[id.toA]).toMatchObject({ status: 'dispatched', dueKind: 'signBy', leadUnit: UNIT_A, escalationLevel: 0 });
    // No personal data and no request text in the pool.
    expect(JSON.stringify(res.body)).not.toContain(PHONE);
    expect(JSON.stringify(res.body)).not.toContain('张三');
    expect(JSON.stringify(res.body)).not.toContain('电梯');
  });

  test('handlers and unit leaders see their own unit’s tickets only', async () => {
    await settled();
    const handlerA: Who = { role: 'handler', unit: UNIT_A };
    const mine = await pool(handlerA);
    expect(mine.status).toBe(200);
    expect((mine.body.items as Item[]).map((i) => i.id)).toEqual([id.toA]);
    const stranger = await pool({ role: 'unit_leader', unit: 'LJ-JN-NH-OFFICE' });
    expect(stranger.body).toMatchObject({ items: [], total: 0 });
    const other = await pool(handlerA, { unit: UNIT_B });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain(UNIT_A);
  });

  test('filters by status (one or several), category, district, request type and overdue', async () => {
    await settled();
    const ids = async (q: Record<string, string>) => ((await pool(admin, q)).body.items as Item[]).map((i) => i.id).sort();
    expect(await ids({ status: 'registered' })).toEqual([id.registered]);
    expect(await ids({ status: 'registered,dispatched' })).toEqual(Object.values(id).sort());
    expect(await ids({ category: 'CONSUMER_RIGHTS' })).toEqual([id.toB]);
    expect(await ids({ district: 'LG' })).toEqual([id.toB]);
    expect(await ids({ overdue: 'true' })).toEqual([]);
    expect(await ids({ unit: UNIT_B })).toEqual([id.toB]);
    // intakeBody() registers complaints (投诉): every ticket here, none of another type.
    expect(await ids({ requestType: 'complaint' })).toEqual(Object.values(id).sort());
    expect(await ids({ requestType: 'consult' })).toEqual([]);
  });

  test('pages: page and pageSize, the total on every page, an empty page past the end', async () => {
    await settled();
    const first = await pool(admin, { pageSize: 2 });
    const second = await pool(admin, { pageSize: 2, page: 2 });
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(second.body).toMatchObject({ total: 3, page: 2 });
    expect([...first.body.items, ...second.body.items].map((i: Item) => i.id)).toEqual((await pool(admin)).body.items.map((i: Item) => i.id));
    expect((await pool(admin, { page: 9 })).body).toMatchObject({ items: [], total: 3 });
  });

  test('a bad query answers 400 naming the field; no token 401', async () => {
    const bad = await pool(admin, { status: 'nonsense' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^status/);
    expect((await pool(admin, { pageSize: 500 })).body.error.details[0].path).toBe('pageSize');
    expect((await pool(admin, { requestType: 'rumour' })).body.error.details[0].path).toBe('requestType');
    expect((await api.http().get('/api/v1/pool')).status).toBe(401);
  });
});
