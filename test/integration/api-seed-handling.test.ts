// Issue #13 item 7 through the HTTP API on the real dev server: the direct-dispatch supervisors read
// and urge (R1); 首接负责 stays with the first unit; a re-handled ticket is transferred; 不合规诉求 is
// declared by the unit (with its 约见 and 调解), refused with a reason, declared again and approved.
import { apiHarness, ApiHarness, eventually, intakeBody, ticketCalls, PHONE, replyBody, Who } from '../setup/api';
import { recordHistory } from '../setup/histories';

const LEAD = 'LJ-JB-HOUSING';
const OTHER = 'LJ-JB-URBAN';

const operator: Who = { role: 'operator', sub: 'op-1' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const supervisor: Who = { role: 'supervisor', sub: 'sup-1' };
const followUp: Who = { role: 'follow_up', sub: 'fu-1' };
const handlerOf = (unit: string): Who => ({ role: 'handler', unit, sub: `h-${unit}` });
const reviewerOf = (unit: string): Who => ({ role: 'reviewer', unit, sub: `r-${unit}` });
const leaderOf = (unit: string): Who => ({ role: 'unit_leader', unit, sub: `l-${unit}` });

describe('API: the seeds’ smaller rules (issue #13 item 7)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('seed-handling');
  });
  afterAll(() => api?.close());

  const post: ReturnType<typeof ticketCalls>['post'] = (...args) => ticketCalls(api).post(...args);
  const act: ReturnType<typeof ticketCalls>['act'] = (...args) => ticketCalls(api).act(...args);
  const get: ReturnType<typeof ticketCalls>['get'] = (...args) => ticketCalls(api).get(...args);
  const intake = async (body = intakeBody()): Promise<string> => {
    const res = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(body);
    expect(res.status).toBe(201);
    return res.body.id;
  };
  /** Dispatched to LEAD, handled, signed off, followed up unsatisfied: in re-handling. */
  const rehandling = async (): Promise<string> => {
    const id = await intake();
    await act(id, dispatcher, 'dispatch', { unit: LEAD });
    await act(id, handlerOf(LEAD), 'sign');
    await act(id, handlerOf(LEAD), 'contact', { stage: 'first', method: 'phone' });
    await act(id, handlerOf(LEAD), 'contact', { stage: 'final', method: 'phone' });
    await act(id, handlerOf(LEAD), 'reply', replyBody);
    await act(id, reviewerOf(LEAD), 'review-reply');
    await act(id, leaderOf(LEAD), 'approve-reply');
    const back = await act(id, followUp, 'follow-up', { satisfaction: 'unsatisfied', resolved: false });
    expect(back.status).toBe('rehandling');
    return id;
  };

  test('R1: the county government and the city department read a direct-dispatch ticket (phone masked) and urge it; other units may not', async () => {
    const id = await intake(intakeBody({ category: 'WATER_OUTAGE' }));
    await act(id, dispatcher, 'dispatch', { unit: 'LJ-WATER' });
    for (const unit of ['LJ-JB-GOV', 'LJ-HOUSING']) {
      const read = await get(id, leaderOf(unit));
      expect([unit, read.status]).toEqual([unit, 200]);
      expect(read.body).toMatchObject({ supervisingUnits: ['LJ-JB-GOV', 'LJ-HOUSING'], firstUnit: 'LJ-WATER', allowedActions: ['urge'] });
      expect(read.body.requesters[0].phone).not.toBe(PHONE);
    }
    // Their own list holds it (visibility is eventually consistent).
    const listed = await eventually(
      async () =>
        (
          await api
            .http()
            .get('/api/v1/tickets?pageSize=100')
            .set('Authorization', await api.bearer(leaderOf('LJ-JB-GOV')))
        ).body.items as { id: string }[],
      (items) => items.some((t) => t.id === id),
    );
    expect(listed.map((t) => t.id)).toContain(id);
    const urged = await act(id, handlerOf('LJ-JB-GOV'), 'urge', { note: '请立即组织抢修' });
    expect(urged.counters.urges).toBe(1);
    // Another district's government: not its ticket, answered as one that does not exist (issue 24).
    expect((await get(id, leaderOf('LJ-JN-GOV'))).status).toBe(404);
    const refused = await post(id, leaderOf('LJ-JN-GOV'), 'urge', {});
    expect(refused.status).toBe(404);
    expect((await get(id, operator)).body.counters.urges).toBe(1);
  });

  test('a re-handled ticket is transferred; the first unit stays the 首接单位', async () => {
    const id = await rehandling();
    expect((await get(id, dispatcher)).body.allowedActions).toContain('transfer');
    const moved = await act(id, dispatcher, 'transfer', { unit: OTHER, note: '属城管职责' });
    expect(moved).toMatchObject({ status: 'dispatched', leadUnit: OTHER, firstUnit: LEAD, rehandles: 1 });
    expect((await act(id, handlerOf(OTHER), 'sign')).status).toBe('rehandling');
  });

  test('不合规诉求: declared with the 约见 and 调解, refused with a reason, declared again, approved', async () => {
    const id = await rehandling();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const declaration = {
      reason: '诉求超出物业服务合同约定，经解释、调解仍不满意',
      meeting: { date: today, note: '约见诉求人，解释合同条款' },
      mediation: { date: today, note: '社区居委会组织调解' },
    };
    // A supervisor no longer closes it; the decision waits for a declaration.
    const direct = await post(id, supervisor, 'close-non-compliant', { reason: 'r' });
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toContain('由承办单位申报');
    const missing = await post(id, handlerOf(LEAD), 'declare-non-compliant', { reason: 'r', meeting: declaration.meeting });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error)).toContain('mediation');

    const declared = await act(id, handlerOf(LEAD), 'declare-non-compliant', declaration);
    expect(declared).toMatchObject({ status: 'non_compliant_review', statusLabel: '不合规诉求待审批', nonCompliant: declaration });
    expect((await get(id, supervisor)).body.allowedActions).toEqual(['decide-non-compliant', 'consultation', 'note']);
    const noReason = await post(id, supervisor, 'decide-non-compliant', { approve: false });
    expect(noReason.status).toBe(400);
    const refused = await act(id, supervisor, 'decide-non-compliant', { approve: false, note: '调解记录不全，请补充' });
    expect(refused).toMatchObject({ status: 'rehandling', nonCompliant: { decision: { approved: false, note: '调解记录不全，请补充' } } });

    await act(id, handlerOf(LEAD), 'declare-non-compliant', { ...declaration, mediation: { date: today, note: '街道司法所再次调解，已留存记录' } });
    const closed = await act(id, supervisor, 'decide-non-compliant', { approve: true });
    expect(closed).toMatchObject({ status: 'closed', outcome: { closure: 'non_compliant', reason: declaration.reason } });
    await recordHistory(api.client.workflow.getHandle(id), 'i13a-non-compliant');
  });
});
