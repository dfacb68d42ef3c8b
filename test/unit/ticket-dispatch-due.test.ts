// 按时派单率 (seed 000): a ticket waiting for its first dispatch is watched. At the dispatch deadline
// the dispatch desk is reminded by mail and the ticket marked dispatchOverdue, once; dispatching,
// ending at intake, or a direct-dispatch matter (R1 dispatches it itself) set no such timer.
import { defaultRules, fireDue, nextWakeAt, TicketState, TimerContext } from '../../domain/ticket';
import { actors, bjIso, calendar, must, newTicket, OTHER } from './ticket-fixtures';

const ctx: TimerContext = { rules: defaultRules, calendar };
const DUE = bjIso('2026-09-29T11:30'); // registered 09:30 + 120 min
const wake = (s: TicketState, c = ctx) => {
  const at = nextWakeAt(s, c);
  return at === undefined ? undefined : new Date(at).toISOString();
};

describe('the dispatch deadline', () => {
  test('a registered ticket wakes at dispatchBy; nothing fires a millisecond before', () => {
    const s = newTicket();
    expect(s.deadlines.dispatchBy).toBe(DUE);
    expect(wake(s)).toBe(DUE);
    const early = fireDue(s, Date.parse(DUE) - 1, ctx);
    expect(early.state).toBe(s);
    expect(early.effects).toEqual([]);
  });

  test('at the deadline: the dispatch desk is mailed, the ticket marked dispatchOverdue, the timer not set again', () => {
    const s = newTicket();
    const r = fireDue(s, Date.parse(DUE), ctx);
    expect(r.effects).toEqual([{ kind: 'notify', event: 'dispatch_overdue', units: [], dispatchDesk: true, key: 'dispatch-overdue' }]);
    expect(r.state.flags.dispatchOverdue).toBe(true);
    expect(r.state.status).toBe('registered');
    expect(r.state.history.at(-1)).toMatchObject({ action: 'dispatchOverdue', via: 'timer', actor: { role: 'system' } });
    expect(s.flags.dispatchOverdue).toBeUndefined(); // the input state is untouched
    expect(wake(r.state)).toBeUndefined();
    expect(fireDue(r.state, Date.parse(DUE) + 86_400_000, ctx).state).toBe(r.state);
  });

  test('the mark stays once dispatched late: it is a fact of the ticket (the statistics count it)', () => {
    const late = fireDue(newTicket(), Date.parse(DUE), ctx).state;
    const s = must(late, 'dispatch', { unit: OTHER }, actors.dispatcher, '2026-09-29T12:00').state;
    expect(s.flags.dispatchOverdue).toBe(true);
    expect(s.alerts.dispatchOverdue).toBeUndefined(); // the unit's alerts start afresh
  });

  test('dispatched in time, or ended at intake: no dispatch timer', () => {
    const dispatched = must(newTicket(), 'dispatch', { unit: OTHER }, actors.dispatcher, '2026-09-29T10:00').state;
    expect(wake(dispatched)).toBe(dispatched.deadlines.signBy);
    expect(dispatched.flags.dispatchOverdue).toBeUndefined();
    const answered = must(newTicket(), 'answer', { answer: '已按知识库解答' }, actors.operator, '2026-09-29T10:00').state;
    expect(wake(answered)).toBeUndefined();
  });

  test('a direct-dispatch matter is dispatched by R1 at its deadline, not reminded', () => {
    const direct = { ...ctx, directDispatch: { unit: OTHER, supervisors: [] } };
    const s = newTicket({ directDispatch: direct.directDispatch });
    const r = fireDue(s, Date.parse(s.deadlines.dispatchBy!), direct);
    expect(r.state.status).toBe('dispatched');
    expect(r.effects.some((e) => e.kind === 'notify' && e.event === 'dispatch_overdue')).toBe(false);
    expect(r.state.flags.dispatchOverdue).toBeUndefined();
  });

  test('a ticket that waited for dispatch before the patch (dispatchUnwatched) keeps no timer', () => {
    expect(wake(newTicket(), { ...ctx, dispatchUnwatched: true })).toBeUndefined();
  });
});
