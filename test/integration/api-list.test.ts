// GET /api/v1/tickets: Temporal visibility filtered by status, unit, category, district and overdue;
// handlers see only their unit's tickets; summaries carry no personal data; page tokens work.
// The dev server is shared by the whole run, so assertions look at this file's tickets and check
// that every other item returned matches the filter too.
import { apiHarness, ApiHarness, eventually, intakeBody, PHONE, Who } from '../setup/api';

const A_LEAD = 'LJ-LG-HOUSING';
const A_CO = 'LJ-LG-URBAN';
const B_LEAD = 'LJ-ECO';
const admin: Who = { role: 'admin' };

interface Summary {
  id: string;
  status?: string;
  leadUnit?: string;
  coUnits: string[];
  category?: string;
  district?: string;
  overdue?: boolean;
}

describe('API: the ticket list', () => {
  let api: ApiHarness;
  const id = { a: '', b: '', c: '' };

  beforeAll(async () => {
    api = await apiHarness('list');
    const op = await api.bearer({ role: 'operator' });
    const open = async (over: object) => (await api.http().post('/api/v1/tickets').set('Authorization', op).send(intakeBody(over))).body.id as string;
    id.a = await open({ location: { district: 'LG', street: 'LG-GQ' } });
    id.b = await open({ category: 'ENVIRONMENTAL_POLLUTION', location: { district: 'LG' } });
    id.c = await open({ category: 'CONSUMER_RIGHTS', location: { district: 'LG', street: 'LG-HW' } });
    const disp = await api.bearer({ role: 'dispatcher' });
    const dispatch = (t: string, body: object) => api.http().post(`/api/v1/tickets/${t}/actions/dispatch`).set('Authorization', disp).send(body);
    expect((await dispatch(id.a, { unit: A_LEAD, coUnits: [A_CO] })).status).toBe(200);
    expect((await dispatch(id.b, { unit: B_LEAD })).status).toBe(200);
  });
  afterAll(() => api?.close());

  const list = async (who: Who, query: Record<string, string | number> = {}) =>
    api
      .http()
      .get('/api/v1/tickets')
      .query(query)
      .set('Authorization', await api.bearer(who));
  /** Waits until visibility has caught up with `mustInclude`. */
  const listed = async (who: Who, query: Record<string, string | number>, mustInclude: string[]) => {
    const res = await eventually(
      () => list(who, { pageSize: 100, ...query }),
      (r) => r.status !== 200 || mustInclude.every((i) => r.body.items.some((s: Summary) => s.id === i)),
    );
    expect(res.status).toBe(200);
    return res.body.items as Summary[];
  };
  const ids = (items: Summary[]) => items.map((s) => s.id);

  test('by status and unit (lead or co-unit)', async () => {
    const lead = await listed(admin, { status: 'dispatched', unit: A_LEAD }, [id.a]);
    expect(ids(lead)).not.toContain(id.b);
    expect(lead.every((s) => s.status === 'dispatched' && (s.leadUnit === A_LEAD || s.coUnits.includes(A_LEAD)))).toBe(true);
    const co = await listed(admin, { unit: A_CO }, [id.a]);
    expect(co.every((s) => s.leadUnit === A_CO || s.coUnits.includes(A_CO))).toBe(true);
    const registered = await listed(admin, { status: 'registered', district: 'LG', category: 'CONSUMER_RIGHTS' }, [id.c]);
    expect(ids(registered)).not.toContain(id.a);
    expect(registered.every((s) => s.status === 'registered' && s.district === 'LG' && s.category === 'CONSUMER_RIGHTS')).toBe(true);
    const notOverdue = await listed(admin, { overdue: 'false', unit: B_LEAD }, [id.b]);
    expect(notOverdue.every((s) => s.overdue === false)).toBe(true);
    const overdue = await list(admin, { overdue: 'true', unit: B_LEAD, pageSize: 100 });
    expect(ids(overdue.body.items)).not.toContain(id.b);
  });

  test('a summary comes from search attributes and memo, with no personal data', async () => {
    const [a] = (await listed(admin, { unit: A_LEAD }, [id.a])).filter((s) => s.id === id.a);
    expect(a).toMatchObject({
      id: id.a,
      status: 'dispatched',
      statusLabel: '已派单待签收',
      category: 'PROPERTY_MANAGEMENT',
      channel: 'phone',
      district: 'LG',
      leadUnit: A_LEAD,
      coUnits: [A_CO],
      urgent: false,
      overdue: false,
      rehandles: 0,
      replyBy: expect.any(String),
      registeredAt: expect.any(String),
      summary: expect.stringContaining(A_LEAD),
    });
    const raw = JSON.stringify((await list(admin, { pageSize: 100 })).body);
    expect(raw).not.toContain(PHONE);
    expect(raw).not.toContain('张三');
  });

  test('handlers and unit leaders see only tickets their unit leads or co-handles', async () => {
    const coHandler: Who = { role: 'handler', unit: A_CO };
    const mine = await listed(coHandler, {}, [id.a]);
    expect(ids(mine)).not.toContain(id.b);
    expect(ids(mine)).not.toContain(id.c);
    expect(mine.every((s) => s.leadUnit === A_CO || s.coUnits.includes(A_CO))).toBe(true);
    const leader = await listed({ role: 'unit_leader', unit: B_LEAD }, {}, [id.b]);
    expect(leader.every((s) => s.leadUnit === B_LEAD || s.coUnits.includes(B_LEAD))).toBe(true);
    const elsewhere = await list(coHandler, { unit: B_LEAD });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('forbidden');
  });

  test('pages: pageSize and nextPageToken walk the list without repeats', async () => {
    await listed(admin, { district: 'LG' }, [id.a, id.b, id.c]);
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await list(admin, { district: 'LG', pageSize: 1, ...(token ? { pageToken: token } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      seen.push(res.body.items[0].id);
      token = res.body.nextPageToken;
      expect(token).toEqual(expect.any(String));
    }
    expect(new Set(seen).size).toBe(3);
    // Newest first (open tickets by start time): ours were opened a, b, c.
    const all = ids(await listed(admin, { district: 'LG' }, [id.a, id.b, id.c]));
    expect(all.filter((i) => [id.a, id.b, id.c].includes(i))).toEqual([id.c, id.b, id.a]);
    const bad = await list(admin, { pageToken: 'not-a-token' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('pageToken');
  });
});
