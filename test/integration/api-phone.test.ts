// Reaching the citizen through the API, on the real dev server (R4, R5): the units on the ticket
// read the phone in full and every such read is in the admins' log (个人信息保护法, no number
// there); a confidential (保密) ticket is contacted through the hotline; an anonymous one without a
// phone says the two-contacts rule does not apply.
import { apiHarness, ApiHarness, intakeBody, PHONE, replyBody, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const CO = 'LJ-JB-URBAN';
const OTHER = 'LJ-JN-HOUSING';

const operator: Who = { role: 'operator', sub: 'op-1' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-1' };
const coLeader: Who = { role: 'unit_leader', unit: CO, sub: 'l-co' };
const admin: Who = { role: 'admin', sub: 'ad-1' };
const MASKED = '138****5678';

describe('API: the citizen’s phone and contact', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('phone');
  });
  afterAll(() => api?.close());

  const call = async (method: 'get' | 'post', path: string, who: Who, body?: object) => {
    const req = api
      .http()
      [method](path)
      .set('Authorization', await api.bearer(who));
    return body === undefined ? req : req.send(body);
  };
  const open = async (citizen: object) => {
    const res = await call('post', '/api/v1/tickets', operator, intakeBody({ citizen } as never));
    expect(res.status).toBe(201);
    const id: string = res.body.id;
    expect((await call('post', `/api/v1/tickets/${id}/actions/dispatch`, dispatcher, { unit: LEAD, coUnits: [CO] })).status).toBe(200);
    expect((await call('post', `/api/v1/tickets/${id}/actions/sign`, handler, {})).status).toBe(200);
    return id;
  };
  const reads = async (query: string) => (await call('get', `/api/v1/phone-reads?${query}`, admin)).body.items as Record<string, unknown>[];

  test('the units on the ticket read it in full, each read logged for admins without the number; other units 404', async () => {
    const id = await open({ name: '张三', phone: PHONE });
    const lead = await call('get', `/api/v1/tickets/${id}`, handler);
    expect(lead.body).toMatchObject({ requesters: [{ phone: PHONE }], contactRoute: 'direct' });
    expect((await call('get', `/api/v1/tickets/${id}`, coLeader)).body.requesters[0].phone).toBe(PHONE);
    // Not their unit's ticket: answered as if it did not exist (issue 24).
    expect((await call('get', `/api/v1/tickets/${id}`, { role: 'handler', unit: OTHER, sub: 'h-x' })).status).toBe(404);

    const log = await call('get', `/api/v1/phone-reads?ticket=${id}`, admin);
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).not.toContain(PHONE);
    const who = log.body.items.map((r: Record<string, unknown>) => [r.actorId, r.actorRole, r.actorUnit, r.via]);
    // Newest first: the co-unit leader's GET, the lead handler's GET, the sign answer, the intake answer.
    expect(who).toEqual([
      ['l-co', 'unit_leader', CO, 'ticket'],
      ['h-1', 'handler', LEAD, 'ticket'],
      ['h-1', 'handler', LEAD, 'action:sign'],
      ['op-1', 'operator', null, 'intake'],
    ]);
    expect(log.body.items[0]).toMatchObject({ ticketId: id, requesters: [0], at: expect.any(String) });
    // The dispatcher sees it masked: nothing to log.
    expect((await call('get', `/api/v1/tickets/${id}`, dispatcher)).body.requesters[0].phone).toBe(MASKED);
    expect(await reads(`ticket=${id}`)).toHaveLength(4);
  });

  test('the log is for admins only, and its query is checked', async () => {
    expect((await call('get', '/api/v1/phone-reads', { role: 'supervisor', sub: 'sup-1' })).status).toBe(403);
    expect((await call('get', '/api/v1/phone-reads', coLeader)).status).toBe(403);
    const bad = await call('get', '/api/v1/phone-reads?from=2026-02-30&to=2026-03-01', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['from']);
    const reversed = await call('get', '/api/v1/phone-reads?from=2026-02-02&to=2026-02-01', admin);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0]).toMatchObject({ path: 'to' });
  });

  test('confidential (保密): units see it masked, their own contact is refused 409, the operator relays', async () => {
    const id = await open({ name: '张三', phone: PHONE, confidential: true });
    const seen = await call('get', `/api/v1/tickets/${id}`, handler);
    expect(seen.body).toMatchObject({ requesters: [{ phone: MASKED, confidential: true }], contactRoute: 'relay' });
    expect(seen.body.allowedActions).not.toContain('contact');
    expect(await reads(`ticket=${id}`)).toEqual([expect.objectContaining({ actorRole: 'operator', via: 'intake' })]);

    const refused = await call('post', `/api/v1/tickets/${id}/actions/contact`, handler, { stage: 'first', method: 'phone' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/诉求人要求保密/);
    expect(refused.body.error.details).toMatchObject({ status: 'handling' });
    expect((await call('get', `/api/v1/tickets/${id}`, handler)).body.contacts).toEqual([]);

    expect((await call('get', `/api/v1/tickets/${id}`, operator)).body.allowedActions).toContain('relay-contact');
    expect((await call('post', `/api/v1/tickets/${id}/actions/relay-contact`, handler, { stage: 'first' })).status).toBe(403);
    await call('post', `/api/v1/tickets/${id}/actions/relay-contact`, operator, { stage: 'first', note: '已转达' });
    const relayed = await call('post', `/api/v1/tickets/${id}/actions/relay-contact`, operator, { stage: 'final' });
    expect(relayed.status).toBe(200);
    expect(relayed.body.contacts.map((c: { method: string }) => c.method)).toEqual(['relay', 'relay']);
    const replied = await call('post', `/api/v1/tickets/${id}/actions/reply`, handler, replyBody);
    expect(replied.status).toBe(200);
    expect(replied.body.requesters[0].phone).toBe(MASKED);
  });

  test('anonymous without a phone: the ticket says R4 does not apply, and the reply needs no contact', async () => {
    const id = await open({ anonymous: true });
    const seen = await call('get', `/api/v1/tickets/${id}`, handler);
    expect(seen.body).toMatchObject({ contactRoute: 'none', contactRouteLabel: expect.stringContaining('两次有效联系不适用') });
    const replied = await call('post', `/api/v1/tickets/${id}/actions/reply`, handler, replyBody);
    expect(replied.status).toBe(200);
    expect(replied.body.status).toBe('reply_review');
    expect(await reads(`ticket=${id}`)).toEqual([]);
  });
});
