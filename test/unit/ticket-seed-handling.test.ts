// Issue #13 item 7, the smaller mismatches with the seeds, for tickets registered since the
// workflow's seed-handling-v1 patch: a re-handled ticket can be transferred; the direct-dispatch
// supervisors (R1) read and urge; 首接负责 is the first unit's; the citizen's own rating is their
// follow-up; 不合规诉求 is declared by the unit and decided by the hotline. Tickets from before keep
// the old rules.
import { Actor, allowedActions, intakeSchema, TicketState } from '../../domain/ticket';
import { act, actors, bjIso, CO, dispatched, handling, inFollowUp, LEAD, must, newTicket, OTHER, snapshot, T } from './ticket-fixtures';

const GOV = 'U-GOV';
const DEPT = 'U-DEPT';
const govLeader: Actor = { id: 'l-gov', role: 'unit_leader', unit: GOV };
const deptHandler: Actor = { id: 'h-dept', role: 'handler', unit: DEPT };

const unsatisfied = { satisfaction: 'unsatisfied', resolved: false } as const;
const rehandling = (s = newTicket()) => must(inFollowUp(s), 'followUp', unsatisfied, actors.followUp, T.followUp).state;
const AFTER = '2026-10-12T10:00';
const declaration = {
  reason: '诉求要求超出法定补偿标准',
  meeting: { date: '2026-10-10', note: '约见诉求人，解释补偿政策' },
  mediation: { date: '2026-10-11', note: '社区组织调解，诉求人仍坚持原要求' },
};

/** A refusal of `code` naming `reason`, and the state untouched. */
function expectRefused(s: TicketState, action: Parameters<typeof act>[1], input: unknown, who: Actor, code: string, reason: string, at = AFTER) {
  const unchanged = snapshot(s);
  const d = act(s, action, input, who, at);
  expect(d).toMatchObject({ ok: false, code });
  if (!d.ok) expect(d.reason).toContain(reason);
  unchanged();
}

describe('a re-handled ticket can be transferred (重办转办)', () => {
  test('to another unit: a fresh dispatch, the re-handle count kept; signed, it is re-handled there', () => {
    const d = must(rehandling(), 'transfer', { unit: OTHER, note: '职责调整' }, actors.dispatcher, AFTER);
    expect(d.state).toMatchObject({ status: 'dispatched', leadUnit: OTHER, counters: { rehandles: 1, transfers: 1 } });
    expect(d.effects).toEqual([expect.objectContaining({ event: 'transferred', units: [OTHER] })]);
    const signed = must(d.state, 'sign', {}, { id: 'h-o', role: 'handler', unit: OTHER }, AFTER).state;
    expect(signed.status).toBe('rehandling');
  });

  test('refused for a ticket registered before (409), state unchanged', () => {
    const legacy = rehandling(newTicket({ seedHandling: false }));
    expectRefused(legacy, 'transfer', { unit: OTHER }, actors.dispatcher, 'conflict', '重办中的工单不能转办');
    expect(allowedActions(legacy, actors.dispatcher)).not.toContain('transfer');
  });
});

describe('R1: the direct-dispatch supervisors read and urge', () => {
  const direct = () => dispatched(newTicket({ directDispatch: { unit: LEAD, supervisors: [GOV, DEPT] } }));

  test('recorded at registration; their people may urge, the lead unit is told', () => {
    const s = direct();
    expect(s.supervisingUnits).toEqual([GOV, DEPT]);
    expect(allowedActions(s, govLeader)).toEqual(['urge']);
    const d = must(s, 'urge', { note: '请尽快恢复供水' }, deptHandler, T.sign);
    expect(d.state.counters.urges).toBe(1);
    expect(d.effects).toEqual([{ kind: 'notify', event: 'urged', units: [LEAD], detail: '请尽快恢复供水', key: 'urge-1' }]);
  });

  test('another unit may not urge (403); nor the lead unit itself (403)', () => {
    expectRefused(direct(), 'urge', {}, actors.coLeader, 'forbidden', '督办单位', T.sign);
    expectRefused(direct(), 'urge', {}, actors.leader, 'forbidden', '督办单位', T.sign);
  });

  test('not on a ticket that is no direct-dispatch matter, nor one registered before (403)', () => {
    expectRefused(dispatched(), 'urge', {}, govLeader, 'forbidden', '督办单位', T.sign);
    const legacy = dispatched(newTicket({ seedHandling: false, directDispatch: { unit: LEAD, supervisors: [GOV] } }));
    expect(legacy.supervisingUnits).toBeUndefined();
    expectRefused(legacy, 'urge', {}, govLeader, 'forbidden', '督办单位', T.sign);
  });
});

describe('首接负责 belongs to the first unit dispatched', () => {
  test('the first unit stays the 首接单位 through a transfer and a designation', () => {
    const s = dispatched();
    expect(s.firstUnit).toBe(LEAD);
    const moved = must(s, 'transfer', { unit: OTHER }, actors.dispatcher, T.sign).state;
    expect(moved).toMatchObject({ leadUnit: OTHER, firstUnit: LEAD });
    const returned = must(moved, 'return', { reason: '非本单位职责', disputed: true }, { id: 'h-o', role: 'handler', unit: OTHER }, T.sign).state;
    const designated = must(returned, 'designate', { unit: CO }, actors.supervisor, T.first).state;
    expect(designated).toMatchObject({ leadUnit: CO, firstUnit: LEAD, flags: { designated: true } });
  });

  test('a designated unit may not return it, and the refusal does not call it 首接负责 (409)', () => {
    const designated = must(
      must(dispatched(), 'return', { reason: 'r', disputed: true }, actors.handler, T.sign).state,
      'designate',
      { unit: CO },
      actors.supervisor,
      T.first,
    ).state;
    const coHandler = actors.coHandler;
    expectRefused(must(designated, 'sign', {}, coHandler, T.first).state, 'return', { reason: 'r' }, coHandler, 'conflict', '已定责指派', T.first);
    const d = act(must(designated, 'sign', {}, coHandler, T.first).state, 'return', { reason: 'r' }, coHandler, T.first);
    expect(!d.ok && d.reason).not.toContain('首接');
  });
});

describe("the citizen's own rating on the platform is their follow-up", () => {
  test('recorded as source platform: nobody left to call, the ticket closes', () => {
    const d = must(inFollowUp(), 'followUp', { satisfaction: 'satisfied', resolved: true, source: 'platform' }, actors.system, T.followUp);
    expect(d.state.status).toBe('closed');
    expect(d.state.followUps[0]).toMatchObject({ source: 'platform', satisfaction: 'satisfied', requester: 0 });
  });

  test('a call is recorded as before (no source)', () => {
    const d = must(inFollowUp(), 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp, T.followUp);
    expect(d.state.followUps[0].source).toBeUndefined();
  });

  test('alreadyRated is no longer taken at intake (an old input that carries it is still honoured: ticket-lifecycle)', () => {
    const intake = intakeSchema.parse({
      channel: 'web',
      citizen: { name: '张三', phone: '13800000000', alreadyRated: true },
      category: 'c',
      description: 'd',
      location: { district: 'D' },
    });
    expect(intake.citizen).not.toHaveProperty('alreadyRated');
  });
});

describe('不合规诉求: declared by the unit, decided by the hotline (seed 002)', () => {
  const declared = () => must(rehandling(), 'declareNonCompliant', declaration, actors.handler, AFTER);

  test('the lead unit declares it with the meeting and the mediation it held; the supervision desk is told', () => {
    const d = declared();
    expect(d.state).toMatchObject({ status: 'non_compliant_review', statusLabel: '不合规诉求待审批' });
    expect(d.state.nonCompliant).toEqual({ ...declaration, declaredAt: bjIso(AFTER), declaredBy: actors.handler.id });
    expect(d.effects).toEqual([expect.objectContaining({ event: 'non_compliant_declared', units: [], supervisors: true })]);
    expect(allowedActions(d.state, actors.supervisor)).toEqual(['decideNonCompliant', 'consultation', 'note']);
  });

  test('approved: closed as non-compliant', () => {
    const s = must(declared().state, 'decideNonCompliant', { approve: true, note: '同意' }, actors.supervisor, AFTER).state;
    expect(s).toMatchObject({ status: 'closed', outcome: { closure: 'non_compliant', reason: declaration.reason } });
    expect(s.nonCompliant!.decision).toMatchObject({ approved: true, by: actors.supervisor.id });
  });

  test('refused with a reason: back to re-handling, the unit told why', () => {
    const d = must(declared().state, 'decideNonCompliant', { approve: false, note: '调解记录不全' }, actors.admin, AFTER);
    expect(d.state.status).toBe('rehandling');
    expect(d.state.nonCompliant!.decision).toMatchObject({ approved: false, note: '调解记录不全' });
    expect(d.effects).toEqual([expect.objectContaining({ event: 'non_compliant_refused', units: [LEAD], detail: '调解记录不全' })]);
  });

  describe('refusals (state unchanged)', () => {
    test('a refusal needs a reason (400)', () =>
      expectRefused(declared().state, 'decideNonCompliant', { approve: false }, actors.supervisor, 'invalid', 'note'));
    test('the unit does not decide (403)', () =>
      expectRefused(declared().state, 'decideNonCompliant', { approve: true }, actors.leader, 'forbidden', 'unit_leader'));
    test('the meeting and mediation are required (400)', () =>
      expectRefused(rehandling(), 'declareNonCompliant', { reason: 'r', meeting: declaration.meeting }, actors.handler, 'invalid', 'mediation'));
    test('a mediation not yet held (409)', () =>
      expectRefused(
        rehandling(),
        'declareNonCompliant',
        { ...declaration, mediation: { date: '2026-10-20', note: 'n' } },
        actors.handler,
        'conflict',
        '尚未到来',
      ));
    test('only after an unsatisfied follow-up: not while handling (409)', () =>
      expectRefused(handling(), 'declareNonCompliant', declaration, actors.handler, 'conflict', 'rehandling'));
    test('only the lead unit declares (403)', () =>
      expectRefused(rehandling(), 'declareNonCompliant', declaration, actors.coHandler, 'forbidden', '主办单位'));
    test('a supervisor no longer closes it directly (409)', () =>
      expectRefused(rehandling(), 'closeNonCompliant', { reason: 'r' }, actors.supervisor, 'conflict', '由承办单位申报'));
    test('a consultation does not move a ticket under the hotline’s decision (409)', () => {
      const meeting = must(
        declared().state,
        'consultation',
        { topic: '职责', participants: [LEAD], at: '2026-10-13T09:00:00+08:00' },
        actors.supervisor,
        AFTER,
      ).state;
      expectRefused(meeting, 'consultationOutcome', { summary: '由他单位办理', unit: OTHER }, actors.supervisor, 'conflict', '不合规诉求审批中');
    });
    test('a ticket registered before keeps the old way: no declaration (409)', () =>
      expectRefused(rehandling(newTicket({ seedHandling: false })), 'declareNonCompliant', declaration, actors.handler, 'conflict', '原流程'));
  });
});
