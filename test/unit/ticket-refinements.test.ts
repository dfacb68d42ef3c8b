// Rules refined after review: supervision copy on a manual direct dispatch, an approved extension
// restarting the ladder, designation surviving a transfer, merge provenance, sign during re-handle.
import { addRequesters, decide, defaultRules, fireDue, nextWakeAt } from '../../domain/ticket';
import { actors, bj, calendar, CO, dispatched, handling, inFollowUp, LEAD, must, newTicket, OTHER, T } from './ticket-fixtures';

const supervisors = ['D-01-GOV', 'CITY-HOUSING'];

describe('refined rules', () => {
  it('a direct-dispatch matter dispatched by hand still copies the county government and city department', () => {
    const t = newTicket({ directDispatch: { unit: LEAD, supervisors } });
    const d = decide(
      t,
      'dispatch',
      { unit: LEAD },
      {
        now: bj('2026-09-29T09:35'),
        actor: actors.dispatcher,
        rules: defaultRules,
        calendar,
        via: 'update',
        directDispatch: { unit: LEAD, supervisors },
      },
    );
    if (!d.ok) throw new Error(d.reason);
    expect(d.effects).toContainEqual({
      kind: 'notify',
      event: 'direct_dispatch_supervision',
      units: supervisors,
      key: 'direct-dispatch-supervision',
    });
  });

  it('an ordinary category dispatched by hand sends no supervision copy', () => {
    const d = must(newTicket(), 'dispatch', { unit: LEAD }, actors.dispatcher, T.dispatch);
    expect(d.effects.map((e) => (e.kind === 'notify' ? e.event : e.kind))).toEqual(['dispatched']);
  });

  it('an extension approved after the breach clears overdue and restarts the ladder at the new deadline', () => {
    const s = handling();
    const breached = fireDue(s, Date.parse(s.deadlines.replyBy!), { rules: defaultRules, calendar }).state;
    expect(breached.flags.overdue).toBe(true);
    const requested = must(
      breached,
      'requestExtension',
      { reason: '需协调多部门', commitment: '10月20日前修复', until: '2026-10-20' },
      actors.handler,
      '2026-10-12T09:00',
    ).state;
    const approved = must(requested, 'decideExtension', { approve: true }, actors.supervisor, '2026-10-12T10:00').state;
    expect(approved.deadlines.replyBy).toBe('2026-10-20T16:00:00.000Z');
    expect(approved.flags).toMatchObject({ overdue: false, escalationLevel: 0 });
    expect(approved.alerts.escalationSteps).toBe(0);
    // Next timed rule: the first-contact reminder is long past, so the commitment reminder 24 h before.
    const withContact = must(approved, 'contact', { stage: 'first', method: 'phone' }, actors.handler, '2026-10-12T11:00').state;
    expect(new Date(nextWakeAt(withContact, { rules: defaultRules, calendar })!).toISOString()).toBe('2026-10-19T16:00:00.000Z');
  });

  it('a ticket transferred while awaiting designation stays designated: the new unit cannot return it', () => {
    const designating = must(dispatched(), 'return', { reason: '职责争议', disputed: true }, actors.handler, T.sign).state;
    const moved = must(designating, 'transfer', { unit: OTHER }, actors.supervisor, '2026-09-30T09:00').state;
    expect(moved.flags.designated).toBe(true);
    expect(moved.deadlines.returnBy).toBeUndefined();
    const other = { id: 'h-other', role: 'handler' as const, unit: OTHER };
    const d = decide(
      moved,
      'return',
      { reason: '不归我们管' },
      { now: bj('2026-09-30T10:00'), actor: other, rules: defaultRules, calendar, via: 'update' },
    );
    expect(d).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a chained merge keeps where each requester first came from', () => {
    const a = newTicket({ id: 'A' });
    const withB = addRequesters(
      a,
      [{ anonymous: false, followUp: true, phone: '13900000000', addedAt: '', fromTicket: 'B' }],
      { now: bj('2026-09-29T09:40'), actor: actors.system, via: 'signal' },
      'B',
    );
    if (!withB.ok) throw new Error(withB.reason);
    const merged = must(withB.state, 'merge', { into: 'C' }, actors.operator, '2026-09-29T09:50');
    const effect = merged.effects.find((e) => e.kind === 'mergeInto');
    expect(effect && effect.kind === 'mergeInto' && effect.requesters.map((r) => r.fromTicket)).toEqual(['A', 'B']);
  });

  it('a ticket re-assigned during a re-handle round signs back into re-handling', () => {
    const rehandling = must(inFollowUp(), 'followUp', { satisfaction: 'unsatisfied', resolved: false }, actors.followUp, T.followUp).state;
    const convened = must(
      rehandling,
      'consultation',
      { topic: '责任划分', participants: [LEAD, CO], at: '2026-10-10T09:00:00+08:00' },
      actors.supervisor,
      '2026-10-09T16:00',
    ).state;
    const settled = must(convened, 'consultationOutcome', { summary: '由其他单位办理', unit: OTHER }, actors.supervisor, '2026-10-10T11:00').state;
    const other = { id: 'h-other', role: 'handler' as const, unit: OTHER };
    const signed = must(settled, 'sign', {}, other, '2026-10-10T11:30').state;
    expect(signed.status).toBe('rehandling');
  });
});
