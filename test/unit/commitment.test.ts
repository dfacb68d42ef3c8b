// R6 (seed 002: 作出承诺 … 预计办理完毕时限，承诺事项要登记在册，后续跟踪推进): a reply that cannot solve
// the matter in time carries a commitment, registered at the reply's sign-off and tracked on its
// own: reminded before its date, overdue after it, fulfilled by the unit that promised it.
import { fireCommitmentTimers, fulfil, nextCommitmentWake, openCommitment } from '../../domain/commitment/decide';
import type { CommitmentStart } from '../../domain/commitment/model';
import { TicketState } from '../../domain/ticket';
import { listCommitments, recordCommitment } from '../../ledger/commitments';
import { openTestLedger } from '../setup/ledger';
import { act, actors, bj, bjIso, contacted, LEAD, must, replyInput, snapshot, T } from './ticket-fixtures';

const promise = { content: '已列入年度改造计划，11月底前完成管网更换', dueDate: '2026-11-30' };
const unsolved = { ...replyInput, solved: false, basis: '管网改造须纳入年度计划', commitment: promise };
const start: CommitmentStart = {
  id: 'T-1-commitment-1',
  ticketId: 'T-1',
  number: 1,
  unit: LEAD,
  content: promise.content,
  dueDate: '2026-11-30',
  dueAt: bjIso('2026-12-01T00:00'),
  registeredAt: bjIso(T.approve),
  registeredBy: 'l-1',
  reminderHours: 24,
};

/** R7: the reviewer passes the draft on to the leader's sign-off. */
const reviewed = (s: TicketState) => must(s, 'reviewReply', {}, actors.reviewer, T.reply).state;

describe('a reply’s commitment in the ticket', () => {
  it('rides on the draft and is registered at sign-off, with its own tracking asked for', () => {
    const drafted = must(contacted(), 'reply', unsolved, actors.handler, T.reply).state;
    expect(drafted.reply?.commitment).toEqual(promise);
    expect(drafted.commitments).toEqual([]);
    const signed = must(reviewed(drafted), 'approveReply', {}, actors.leader, T.approve);
    const dueAt = bjIso('2026-12-01T00:00');
    expect(signed.state.commitments).toEqual([
      { text: promise.content, dueAt, registeredAt: bjIso(T.approve), number: 1, id: 'T-1-commitment-1', unit: LEAD, dueDate: '2026-11-30' },
    ]);
    expect(signed.effects).toEqual([{ kind: 'startCommitment', commitment: start }]);
  });

  it('a reply sent back registers nothing; a reply without a commitment neither', () => {
    const drafted = must(contacted(), 'reply', unsolved, actors.handler, T.reply).state;
    const back = must(reviewed(drafted), 'rejectReply', { note: '请补充' }, actors.leader, T.approve);
    expect(back.state.commitments).toEqual([]);
    expect(back.effects.some((e) => e.kind === 'startCommitment')).toBe(false);
    const plain = must(reviewed(must(contacted(), 'reply', replyInput, actors.handler, T.reply).state), 'approveReply', {}, actors.leader, T.approve);
    expect(plain.effects).toEqual([]);
  });

  const refused = (input: object) => {
    const s: TicketState = contacted();
    const same = snapshot(s);
    const d = act(s, 'reply', input, actors.handler, T.reply);
    same();
    return d;
  };

  it('refuses a commitment on a solved reply (409)', () => {
    expect(refused({ ...replyInput, commitment: promise })).toMatchObject({
      ok: false,
      code: 'conflict',
      check: 'rule',
      reason: '诉求已解决（solved 为 true）的答复无需作出承诺',
    });
  });

  it('refuses a date not after today, more than a year ahead, or not a real date (400 naming the field)', () => {
    expect(refused({ ...unsolved, commitment: { ...promise, dueDate: '2026-10-09' } })).toMatchObject({
      ok: false,
      code: 'invalid',
      details: [{ path: 'commitment.dueDate', message: '承诺办结日期须晚于今天（2026-10-09）' }],
    });
    expect(refused({ ...unsolved, commitment: { ...promise, dueDate: '2027-10-11' } })).toMatchObject({
      ok: false,
      code: 'invalid',
      details: [{ path: 'commitment.dueDate', message: '承诺办结日期最晚为 2027-10-10（366 天内）' }],
    });
    // Past the holiday calendar's years (2026 here) but within the year: accepted (a December promise for January).
    expect(refused({ ...unsolved, commitment: { ...promise, dueDate: '2027-10-10' } })).toMatchObject({ ok: true });
    expect(refused({ ...unsolved, commitment: { ...promise, dueDate: '2026-02-30' } })).toMatchObject({
      ok: false,
      code: 'invalid',
      details: [{ path: 'commitment.dueDate', message: 'not a real calendar date' }],
    });
    expect(refused({ ...unsolved, commitment: { dueDate: '2026-11-30' } })).toMatchObject({ ok: false, code: 'invalid', check: 'input' });
  });
});

describe('the commitment on its own', () => {
  const done = { commitment: 1, done: '管网已更换，供水恢复正常' };

  it('is reminded a day before its date, then flagged overdue at its end', () => {
    const c = openCommitment(start);
    expect(c).toMatchObject({ status: 'open', statusLabel: '跟踪中' });
    expect(nextCommitmentWake(c)).toBe(bj('2026-11-30T00:00'));
    const reminded = fireCommitmentTimers(c, bj('2026-11-30T00:00'));
    expect(reminded.state.remindedAt).toBe(bjIso('2026-11-30T00:00'));
    expect(reminded.effects).toEqual([expect.objectContaining({ event: 'commitment_reminder', units: [LEAD] })]);
    expect(nextCommitmentWake(reminded.state)).toBe(bj('2026-12-01T00:00'));
    const overdue = fireCommitmentTimers(reminded.state, bj('2026-12-01T00:00'));
    expect(overdue.state).toMatchObject({ status: 'overdue', statusLabel: '已逾期', overdueAt: bjIso('2026-12-01T00:00') });
    expect(overdue.effects).toEqual([expect.objectContaining({ event: 'commitment_overdue', units: [LEAD], supervisors: true })]);
    expect(nextCommitmentWake(overdue.state)).toBeUndefined();
  });

  it('is fulfilled by its unit, on time or late, once', () => {
    const onTime = fulfil(openCommitment(start), done, { now: bj('2026-11-20T10:00'), actor: actors.handler });
    expect(onTime).toMatchObject({ ok: true, state: { status: 'fulfilled', fulfilment: { done: done.done, by: 'h-1', onTime: true } } });
    const late = fireCommitmentTimers(openCommitment(start), bj('2026-12-02T00:00')).state;
    expect(fulfil(late, done, { now: bj('2026-12-02T09:00'), actor: actors.leader })).toMatchObject({
      ok: true,
      state: { fulfilment: { onTime: false } },
    });
    const kept = onTime.ok ? onTime.state : late;
    expect(nextCommitmentWake(kept)).toBeUndefined();
    expect(fulfil(kept, done, { now: bj('2026-11-21T10:00'), actor: actors.handler })).toMatchObject({
      ok: false,
      code: 'conflict',
      status: 'fulfilled',
    });
  });

  it('refuses another unit and the hotline’s roles (403), changing nothing', () => {
    const c = openCommitment(start);
    const same = snapshot(c);
    expect(fulfil(c, done, { now: bj('2026-11-20T10:00'), actor: actors.otherHandler })).toMatchObject({
      ok: false,
      code: 'forbidden',
      reason: '承诺由 U-WATER 作出，只能由该单位履行（本单位：U-OTHER）',
    });
    expect(fulfil(c, done, { now: bj('2026-11-20T10:00'), actor: actors.supervisor })).toMatchObject({ ok: false, code: 'forbidden' });
    same();
  });

  it('the register: listed per unit and status, numbers masked, an older write never overwrites a newer', async () => {
    const db = await openTestLedger();
    try {
      const c = openCommitment({ ...start, content: '请拨打13812345678联系施工方' });
      await recordCommitment(db, c);
      await recordCommitment(
        db,
        openCommitment({
          ...start,
          id: 'T-2-commitment-1',
          ticketId: 'T-2',
          unit: 'U-OTHER',
          dueDate: '2026-11-10',
          dueAt: bjIso('2026-11-11T00:00'),
        }),
      );
      const kept = fulfil(c, done, { now: bj('2026-11-20T10:00'), actor: actors.handler });
      if (!kept.ok) throw new Error(kept.reason);
      await recordCommitment(db, kept.state);
      await recordCommitment(db, c); // a retried older write
      const mine = await listCommitments(db, { unit: LEAD, limit: 10, offset: 0 });
      expect(mine).toEqual([
        expect.objectContaining({
          id: 'T-1-commitment-1',
          status: 'fulfilled',
          content: '请拨打***联系施工方',
          dueDate: '2026-11-30',
          fulfilledOnTime: true,
        }),
      ]);
      expect((await listCommitments(db, { status: 'open', limit: 10, offset: 0 })).map((r) => r.id)).toEqual(['T-2-commitment-1']);
      expect((await listCommitments(db, { limit: 1, offset: 1 })).map((r) => r.id)).toEqual(['T-1-commitment-1']);
    } finally {
      await db.close();
    }
  });

  it('text PostgreSQL cannot store (NUL, a lone surrogate) is kept as U+FFFD, never a write that fails for ever', async () => {
    const db = await openTestLedger();
    try {
      await recordCommitment(db, openCommitment({ ...start, content: 'a\u0000b\udc00c' }));
      expect((await listCommitments(db, { limit: 10, offset: 0 }))[0]).toMatchObject({ content: 'a\uFFFDb\uFFFDc' });
    } finally {
      await db.close();
    }
  });
});
