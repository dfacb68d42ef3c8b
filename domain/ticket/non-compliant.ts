// 不合规诉求 (seed 002 "对不符合法律法规的诉求 … 要主动约见反映人，耐心向反映人进行解释，组织调解 …
// 对经解释、调解仍不满意的，可按照程序申报办理不合规诉求"): after an unsatisfied follow-up the lead unit
// declares it, with the meeting and the mediation it held; the hotline approves (the ticket closes as
// non-compliant) or refuses with a reason (back to re-handling). Pure.
import type { Handler } from './handlers';
import { conflict } from './rejection';
import { close, iso, setStatus } from './transitions';

/** 00:00 Beijing of a date YYYY-MM-DD. */
const startOfBeijingDate = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

export const nonCompliantHandlers: { declareNonCompliant: Handler<'declareNonCompliant'>; decideNonCompliant: Handler<'decideNonCompliant'> } = {
  declareNonCompliant(t, input, ctx) {
    if (startOfBeijingDate(input.meeting.date) > ctx.now) conflict(`约见日期 ${input.meeting.date} 尚未到来：须先约见反映人并解释`);
    if (startOfBeijingDate(input.mediation.date) > ctx.now) conflict(`调解日期 ${input.mediation.date} 尚未到来：须先组织调解`);
    t.nonCompliant = {
      reason: input.reason,
      meeting: { date: input.meeting.date, note: input.meeting.note },
      mediation: { date: input.mediation.date, note: input.mediation.note },
      declaredAt: iso(ctx.now),
      declaredBy: ctx.actor.id,
    };
    setStatus(t, 'non_compliant_review');
    return [
      {
        kind: 'notify',
        event: 'non_compliant_declared',
        units: [],
        supervisors: true,
        detail: input.reason,
        key: `non-compliant-${t.counters.rehandles}`,
      },
    ];
  },

  decideNonCompliant(t, input, ctx) {
    const declared = t.nonCompliant!;
    declared.decision = { approved: input.approve, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    if (input.approve) {
      t.outcome = { ...t.outcome, reason: declared.reason };
      close(t, 'non_compliant', ctx.now);
      return [];
    }
    // Refused: the unit re-handles on, against the deadline it had.
    setStatus(t, 'rehandling');
    return [
      {
        kind: 'notify',
        event: 'non_compliant_refused',
        units: [t.leadUnit!],
        detail: input.note,
        key: `non-compliant-refused-${declared.declaredAt}`,
      },
    ];
  },
};
