// Bounded tickets, the pure part (issue 24): the per-person note quota, the trail cut once the
// ledger has it, the small update answer, and sequence numbers that go on after a cut.
import { Actor, answerTrail, ANSWER_NOTE_CHARS, boundTrail, decide, defaultRules, NOTES_PER_ACTOR, TicketState } from '../../domain/ticket';
import { actors, bj, calendar, dispatched } from './ticket-fixtures';

const ctx = (actor: Actor = actors.dispatcher, limit: number | 'none' = NOTES_PER_ACTOR) => ({
  now: bj('2026-09-29T11:00'),
  actor,
  rules: defaultRules,
  calendar,
  via: 'update' as const,
  ...(limit !== 'none' ? { noteLimitPerActor: limit } : {}),
});

const noted = (t: TicketState, n: number, actor: Actor = actors.dispatcher, limit: number | 'none' = NOTES_PER_ACTOR): TicketState => {
  let s = t;
  for (let i = 0; i < n; i++) {
    const d = decide(s, 'note', { note: `备注 ${i}` }, ctx(actor, limit));
    if (!d.ok) throw new Error(d.reason);
    s = d.state;
  }
  return s;
};

describe('notes per person', () => {
  test(`the ${NOTES_PER_ACTOR + 1}th note of one person is refused (quota → 429); others may still note`, () => {
    const full = noted(dispatched(), NOTES_PER_ACTOR);
    expect(full.noteCounts).toEqual({ [actors.dispatcher.id]: NOTES_PER_ACTOR });
    const d = decide(full, 'note', { note: '再一条' }, ctx());
    expect(d).toMatchObject({ ok: false, code: 'too_many', check: 'quota', reason: expect.stringContaining(String(NOTES_PER_ACTOR)) });
    expect(decide(full, 'note', { note: '督办备注' }, ctx(actors.supervisor)).ok).toBe(true);
  });

  test('a ticket from before the limit (no noteLimitPerActor) counts nothing and refuses nothing', () => {
    const s = noted(dispatched(), NOTES_PER_ACTOR + 5, actors.dispatcher, 'none');
    expect(s.noteCounts).toBeUndefined();
  });

  test('other actions are not counted', () => {
    const d = decide(dispatched(), 'urge', { note: '请尽快' }, ctx(actors.supervisor));
    expect(d.ok && d.state.noteCounts).toBeUndefined();
  });
});

describe('the trail in the state', () => {
  test('cut to the last entries, never one the ledger has not taken', () => {
    const s = noted(dispatched(), 20, actors.supervisor);
    const last = s.history.at(-1)!.seq;
    expect(boundTrail(s, last, 5).history.map((e) => e.seq)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
    // The ledger has up to seq 3: only those may go, whatever the bound.
    expect(boundTrail(s, 3, 5).history[0]!.seq).toBe(4);
    expect(boundTrail(s, last, 500)).toBe(s);
  });

  test('sequence numbers go on after a cut', () => {
    const cut = boundTrail(noted(dispatched(), 10, actors.supervisor), 100, 3);
    const next = decide(cut, 'note', { note: '之后' }, ctx(actors.supervisor));
    expect(next.ok && next.state.history.map((e) => e.seq)).toEqual([
      cut.history[0]!.seq,
      cut.history[1]!.seq,
      cut.history[2]!.seq,
      cut.history[2]!.seq + 1,
    ]);
  });

  test('an update answers with older notes clipped, the newest in full', () => {
    const long = '长'.repeat(2000);
    const s = dispatched();
    const trail = [1, 2, 3].map((seq) => ({ ...s.history[0]!, seq, note: long }));
    const answered = answerTrail(trail, 2);
    expect(answered.map((e) => e.seq)).toEqual([2, 3]);
    expect(answered[0]!.note).toHaveLength(ANSWER_NOTE_CHARS + 1);
    expect(answered[1]!.note).toBe(long);
  });
});
