// A whole ticket life through the HTTP API, on the real dev server: intake → dispatch → sign →
// first contact → final contact → reply → approve → follow-up (satisfied) → closed; reading it
// with the phone masked for those who do not call the citizen.
import { roles, Role } from '../../domain/ticket';
import { apiHarness, ApiHarness, intakeBody, PHONE, replyBody, ticketCalls, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const CO = 'LJ-JB-URBAN';
const OTHER = 'LJ-JN-HOUSING';

const operator: Who = { role: 'operator', sub: 'op-1', name: '受理员甲' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-1', name: '承办人' };
const leader: Who = { role: 'unit_leader', unit: LEAD, sub: 'l-1' };
const reviewer: Who = { role: 'reviewer', unit: LEAD, sub: 'r-1' };
const followUp: Who = { role: 'follow_up', sub: 'fu-1' };

describe('API: a ticket’s whole life', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('life');
  });
  afterAll(() => api?.close());

  const act: ReturnType<typeof ticketCalls>['act'] = (...args) => ticketCalls(api).act(...args);
  const get: ReturnType<typeof ticketCalls>['get'] = (...args) => ticketCalls(api).get(...args);

  test('intake → … → closed, every step answering the new state', async () => {
    const created = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(intakeBody());
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(id).toMatch(/^\d{8}-\d{7}$/);
    expect(created.headers.location).toBe(`/api/v1/tickets/${id}`);
    expect(created.body).toMatchObject({
      status: 'registered',
      statusLabel: '已登记待派单',
      category: 'PROPERTY_MANAGEMENT',
      coUnits: [],
      overdue: false,
      rehandles: 0,
      requesters: [{ name: '张三', phone: PHONE, anonymous: false, followUp: true }],
      history: [{ seq: 1, action: 'register', actor: { id: 'op-1', role: 'operator' } }],
    });
    expect(created.body.deadlines.dispatchBy).toEqual(expect.any(String));
    // The 201 body is the workflow's own state.
    expect((await get(id, operator)).body).toEqual(created.body);

    const dispatched = await act(id, dispatcher, 'dispatch', { unit: LEAD, coUnits: [CO] });
    expect(dispatched).toMatchObject({ status: 'dispatched', leadUnit: LEAD, coUnits: [CO] });
    expect(Object.keys(dispatched.deadlines)).toEqual(expect.arrayContaining(['dispatchBy', 'signBy', 'returnBy', 'replyBy']));

    // What each caller may do now, as action paths.
    expect((await get(id, handler)).body.allowedActions).toEqual(['sign', 'return', 'note']);
    expect((await get(id, { role: 'handler', unit: CO })).body.allowedActions).toEqual(['note']);
    expect((await get(id, dispatcher)).body.allowedActions).toEqual(['transfer', 'note']);

    const signed = await act(id, handler, 'sign');
    expect(signed.status).toBe('handling');
    expect(signed.deadlines.firstContactBy).toEqual(expect.any(String));
    await act(id, handler, 'contact', { stage: 'first', method: 'phone', note: '已电话联系' });
    const contacted = await act(id, handler, 'contact', { stage: 'final', method: 'phone' });
    expect(contacted.contacts.map((c: { stage: string }) => c.stage)).toEqual(['first', 'final']);
    expect((await get(id, handler)).body.allowedActions).toEqual([
      'return',
      'contact',
      'visit',
      'request-extension',
      'reply',
      'whistle',
      'assign-down',
      'note',
    ]);
    expect((await act(id, handler, 'reply', replyBody)).status).toBe('reply_review');
    expect((await get(id, reviewer)).body.allowedActions).toEqual(['review-reply', 'reject-review', 'note']);
    expect((await act(id, reviewer, 'review-reply')).status).toBe('replied');
    expect((await get(id, leader)).body.allowedActions).toEqual(['approve-reply', 'reject-reply', 'note']);
    const approved = await act(id, leader, 'approve-reply', { note: '同意' });
    expect(approved.status).toBe('follow_up');
    expect(approved.deadlines.followUpBy).toEqual(expect.any(String));
    const closed = await act(id, followUp, 'follow-up', { satisfaction: 'satisfied', resolved: true });
    expect(closed).toMatchObject({ status: 'closed', outcome: { closure: 'satisfied' } });

    // A finished ticket is still readable (from the workflow's result), with its whole trail.
    const read = await get(id, operator);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('closed');
    expect(read.body.allowedActions).toEqual([]);
    expect(read.body.history.map((e: { action: string; actor: { id: string } }) => `${e.action}:${e.actor.id}`)).toEqual([
      'register:op-1',
      'dispatch:disp-1',
      'sign:h-1',
      'contact:h-1',
      'contact:h-1',
      'reply:h-1',
      'reviewReply:r-1',
      'approveReply:l-1',
      'followUp:fu-1',
    ]);
    expect(read.body.history.every((e: { via: string; rejected?: string }, i: number) => i === 0 || (e.via === 'update' && !e.rejected))).toBe(true);

    // Ended: any further action is a conflict naming the status.
    const late = await api
      .http()
      .post(`/api/v1/tickets/${id}/actions/note`)
      .set('Authorization', await api.bearer(operator))
      .send({ note: 'x' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('closed');
  });

  test('the citizen’s phone in full for the hotline and the units on the ticket, masked for the others; uninvolved units may not read', async () => {
    const created = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(intakeBody());
    const id = created.body.id;
    await act(id, dispatcher, 'dispatch', { unit: LEAD, coUnits: [CO] });
    const unitOf: Partial<Record<Role, string>> = { handler: LEAD, unit_leader: CO, reviewer: LEAD };
    // `system` is the worker's own role: no bearer token carries it (issue 24).
    for (const role of (Object.keys(roles) as Role[]).filter((r) => r !== 'system')) {
      const res = await get(id, { role, unit: unitOf[role] });
      expect(res.status).toBe(200);
      // The lead unit's handler and the co-unit's leader call the citizen (R4): they see it in full.
      const expected = ['operator', 'follow_up', 'admin', 'handler', 'unit_leader', 'reviewer'].includes(role) ? PHONE : '138****5678';
      expect([role, res.body.requesters[0].phone]).toEqual([role, expected]);
      expect(res.body.requesters[0].name).toBe('张三');
    }
    const outsider = await get(id, { role: 'handler', unit: OTHER });
    // Answered as if the ticket did not exist (issue 24: a 403 would confirm the number is in use).
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('not_found');
    // The action answers show it the same way.
    const noted = await act(id, { role: 'handler', unit: CO }, 'note', { note: '协办单位已知悉' });
    expect(noted.requesters[0].phone).toBe(PHONE);
    const urged = await act(id, { role: 'supervisor', sub: 'sup-1' }, 'urge', { note: '请尽快签收' });
    expect(urged.requesters[0].phone).toBe('138****5678');
  });
});
