// What each action does to a ticket, given that decide() has already checked its role, unit scope,
// statuses and no-input rules against the action table. A handler changes the cloned state in
// place and returns the effects; a rule that depends on the input refuses with conflict().
import type { ActionInput, ActionName } from './actions';
import type { DecisionContext } from './decide';
import { attach } from './attachments';
import { assignDown } from './delegation';
import { whistle } from './whistle';
import { checkReplyCommitment, registerReplyCommitment } from './commitment';
import type { Effect } from './effects';
import { Contact, TicketState, TicketStatus, ticketStatuses } from './model';
import { conflict } from './rejection';
import { draftedStatus, reviewFlowFor, reviewHandlers, sentBack } from './review';
import { nonCompliantHandlers } from './non-compliant';
import { designateDue, endOfBeijingDay, firstContactDue } from './rules';
import {
  assignUnit,
  close,
  end,
  followUpEligible,
  followUpPending,
  iso,
  rehandle,
  resetChase,
  setStatus,
  unsatisfiedThisRound,
  workingStatus,
} from './transitions';

export const label = (s: TicketStatus) => `${s}（${ticketStatuses[s]}）`;

/** Whether `now` is within the reply deadline (R3; an approved extension's day included). */
const onTime = (t: TicketState, now: number) => !t.deadlines.replyBy || now <= Date.parse(t.deadlines.replyBy);

export type Handler<A extends ActionName> = (t: TicketState, input: ActionInput<A>, ctx: DecisionContext) => Effect[];

export const handlers: { [A in ActionName]: Handler<A> } = {
  dispatch(t, input, ctx) {
    assignUnit(t, input.unit, input.coUnits ?? [], ctx, false);
    return [
      { kind: 'notify', event: 'dispatched', units: [input.unit], key: `dispatch-${t.counters.dispatches}` },
      // A direct-dispatch matter asks the county government and city department to supervise
      // "at the same time", whoever dispatches it (seed 004).
      ...(ctx.directDispatch && t.counters.dispatches === 1
        ? [
            {
              kind: 'notify' as const,
              event: 'direct_dispatch_supervision' as const,
              units: ctx.directDispatch.supervisors,
              key: 'direct-dispatch-supervision',
            },
          ]
        : []),
      ...(t.coUnits.length
        ? [{ kind: 'notify' as const, event: 'co_dispatched' as const, units: t.coUnits, key: `co-${t.counters.dispatches}` }]
        : []),
    ];
  },

  sign(t, _input, ctx) {
    t.signedAt = iso(ctx.now);
    t.deadlines.firstContactBy = firstContactDue(ctx.rules, ctx.now, t.flags.urgent);
    setStatus(t, workingStatus(t));
    return [];
  },

  return(t, input, ctx) {
    t.counters.returns += 1;
    t.returnedBy.push(t.leadUnit!);
    t.leadUnit = undefined;
    t.coUnits = [];
    t.signedAt = undefined;
    t.deadlines = { dispatchBy: t.deadlines.dispatchBy };
    resetChase(t);
    // R11: a disputed return, or the second return of one ticket, goes to responsibility designation.
    if (input.disputed || t.counters.returns >= 2) {
      const due = designateDue(ctx.rules, ctx.calendar, ctx.now);
      t.deadlines.designateBy = due.at;
      t.flags.provisionalDeadlines ||= due.provisional;
      setStatus(t, 'designating');
    } else {
      setStatus(t, 'returned');
    }
    return [];
  },

  transfer(t, input, ctx) {
    if (input.unit === t.leadUnit) conflict(`工单已由 ${input.unit} 主办，无需转办`);
    t.counters.transfers += 1;
    // Moving a ticket whose responsibility was settled (or being settled) keeps it settled.
    assignUnit(t, input.unit, t.coUnits, ctx, t.flags.designated || t.status === 'designating');
    return [{ kind: 'notify', event: 'transferred', units: [input.unit], key: `transfer-${t.counters.dispatches}` }];
  },

  designate(t, input, ctx) {
    assignUnit(t, input.unit, [], ctx, true);
    return [{ kind: 'notify', event: 'designated', units: [input.unit], key: `designate-${t.counters.dispatches}` }];
  },

  contact(t, input, ctx) {
    return recordContact(t, { stage: input.stage, method: input.method, note: input.note }, ctx);
  },

  relayContact(t, input, ctx) {
    return recordContact(t, { stage: input.stage, method: 'relay', note: input.note }, ctx);
  },

  attach(t, input, ctx) {
    attach(t, input, ctx.actor, iso(ctx.now));
    return [];
  },

  visit(t, input, ctx) {
    t.visits.push({ at: iso(ctx.now), by: ctx.actor.id, note: input.note });
    return [];
  },

  requestExtension(t, input, ctx) {
    const until = endOfBeijingDay(input.until);
    if (t.deadlines.replyBy && Date.parse(until) <= Date.parse(t.deadlines.replyBy)) {
      conflict(`延期日期须晚于当前答复期限 ${t.deadlines.replyBy}`);
    }
    t.extension = {
      reason: input.reason,
      commitment: input.commitment,
      until: input.until,
      requestedAt: iso(ctx.now),
      requestedBy: ctx.actor.id,
      resumeStatus: t.status,
    };
    setStatus(t, 'extension_requested');
    return [];
  },

  decideExtension(t, input, ctx) {
    const ext = t.extension!;
    ext.decision = { approved: input.approve, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, ext.resumeStatus);
    if (input.approve) {
      // R6: a registered, tracked commitment; the reply deadline moves to the end of the promised day.
      const dueAt = endOfBeijingDay(ext.until);
      t.deadlines.replyBy = dueAt;
      t.deadlines.extensionUntil = dueAt;
      t.commitments.push({ text: ext.commitment, dueAt, registeredAt: iso(ctx.now) });
      // The commitment is the deadline now: its reminder, breach and ladder start afresh.
      t.alerts = { ...t.alerts, replyReminder: false, escalationSteps: 0 };
      t.flags.overdue = false;
      t.flags.escalationLevel = 0;
    }
    return [
      {
        kind: 'notify',
        event: input.approve ? 'extension_approved' : 'extension_rejected',
        units: [t.leadUnit!],
        detail: input.note,
        key: `extension-${ext.requestedAt}`,
      },
    ];
  },

  reply(t, input, ctx) {
    if (!input.solved && !input.basis) conflict('未解决的诉求须在答复中说明政策依据（basis）');
    checkReplyCommitment(input.commitment, input.solved, ctx);
    const flow = reviewFlowFor(t, ctx);
    t.reply = {
      content: input.content,
      handlerName: input.handlerName,
      handlerPhone: input.handlerPhone,
      solved: input.solved,
      basis: input.basis,
      at: iso(ctx.now),
      by: ctx.actor.id,
      // Provisional: R3 judges the reply when it is signed off (approveReply), not when drafted.
      onTime: onTime(t, ctx.now),
      ...(input.commitment ? { commitment: input.commitment } : {}),
      ...(flow ? { reviewFlow: flow } : {}),
    };
    setStatus(t, draftedStatus(flow));
    return [];
  },

  ...reviewHandlers,

  approveReply(t, input, ctx) {
    t.reply!.review = { approved: true, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    // R3 (seed 002 审签后反馈): the reply reaches the platform when signed off; that time decides.
    t.reply!.onTime = onTime(t, ctx.now);
    const registered = registerReplyCommitment(t, ctx);
    // R9: follow up everyone who did not decline and has not rated already; nobody left → closed.
    if (followUpEligible(t).length === 0) {
      close(t, 'no_follow_up', ctx.now);
      return registered;
    }
    setStatus(t, 'follow_up');
    const manual = ctx.rules.followUp.provider === 'manual';
    t.followUp = { startedAt: iso(ctx.now), queue: manual ? 'manual' : 'auto', round: t.counters.rehandles };
    t.counters.followUpAttempts = 0;
    t.deadlines.followUpBy = iso(ctx.now + ctx.rules.followUp.unreachableAfterHours * 3_600_000);
    return registered;
  },

  rejectReply(t, input, ctx) {
    t.reply!.review = { approved: false, note: input.note, at: iso(ctx.now), by: ctx.actor.id };
    setStatus(t, workingStatus(t));
    return [sentBack(t, input.note, 'sign-off')];
  },

  followUp(t, input, ctx) {
    const pending = followUpPending(t);
    const who = input.requester ?? pending[0];
    if (who === undefined || !pending.includes(who)) {
      conflict(`诉求人 #${who} 不在本轮待回访名单中（待回访：${pending.join('、') || '无'}）`);
    }
    const round = t.counters.rehandles;
    t.followUps.push({ requester: who, ...pick(input), at: iso(ctx.now), by: ctx.actor.id, round });
    if (pending.length > 1) return [];
    if (unsatisfiedThisRound(t)) return rehandle(t, ctx);
    close(t, 'satisfied', ctx.now);
    return [];
  },

  ...nonCompliantHandlers,

  closeNonCompliant(t, input, ctx) {
    t.outcome = { ...t.outcome, reason: input.reason };
    close(t, 'non_compliant', ctx.now);
    return [];
  },

  urge(t, input, _ctx) {
    t.counters.urges += 1;
    return t.leadUnit ? [{ kind: 'notify', event: 'urged', units: [t.leadUnit], detail: input.note, key: `urge-${t.counters.urges}` }] : [];
  },

  consultation(t, input, ctx) {
    t.consultations.push({
      topic: input.topic,
      participants: input.participants,
      at: input.at,
      convenedAt: iso(ctx.now),
      convenedBy: ctx.actor.id,
    });
    return [
      {
        kind: 'notify',
        event: 'consultation',
        units: input.participants,
        detail: `${input.topic}（${input.at}）`,
        key: `consultation-${t.consultations.length}`,
      },
    ];
  },

  consultationOutcome(t, input, ctx) {
    const meeting = [...t.consultations].reverse().find((c) => !c.outcome)!;
    meeting.outcome = { summary: input.summary, unit: input.unit, at: iso(ctx.now), by: ctx.actor.id };
    if (!input.unit) return [];
    // The meeting settled who handles it: that unit receives the ticket as designated; not once
    // a reply is under review or in follow-up.
    if (['reply_review', 'replied', 'follow_up', 'non_compliant_review'].includes(t.status)) {
      conflict(`会商定责：当前状态为 ${label(t.status)}，答复审核审签、回访或不合规诉求审批中的工单不能改派`);
    }
    assignUnit(t, input.unit, [], ctx, true);
    return [{ kind: 'notify', event: 'designated', units: [input.unit], key: `designate-${t.counters.dispatches}` }];
  },

  merge(t, input, ctx) {
    if (input.into === t.id) conflict('不能合并到本工单自身');
    end(t, 'merged', { mergedInto: input.into }, ctx.now);
    return [{ kind: 'mergeInto', target: input.into, requesters: t.requesters.map((r) => ({ ...r, fromTicket: r.fromTicket ?? t.id })) }];
  },

  answer(t, input, ctx) {
    end(
      t,
      'answered',
      { answer: input.answer, ...(input.article && { article: input.article }), ...(input.notice && { notice: input.notice }) },
      ctx.now,
    );
    return [];
  },

  outOfScope(t, input, ctx) {
    end(t, 'out_of_scope', { outOfScope: { situation: input.situation, explanation: input.explanation } }, ctx.now);
    return [];
  },

  handOff(t, input, ctx) {
    end(t, 'handed_off', { handOff: { service: input.service, note: input.note } }, ctx.now);
    return [];
  },

  whistle,

  assignDown,

  transferOut(t, input, ctx) {
    end(t, 'transferred_out', { transferredOut: { city: input.city, reference: input.reference } }, ctx.now);
    return [];
  },

  note: () => [],
};

/** R4: the first contact, then the final one, once each per round; by the unit or relayed by the hotline. */
function recordContact(t: TicketState, c: Pick<Contact, 'stage' | 'method' | 'note'>, ctx: DecisionContext): Effect[] {
  const hasFirst = t.contacts.some((x) => x.stage === 'first');
  if (c.stage === 'first' && hasFirst) conflict('本轮办理已登记首次联系');
  if (c.stage === 'final' && !hasFirst) conflict('须先登记首次联系（两次有效联系），再登记办结后联系');
  t.contacts.push({ stage: c.stage, method: c.method, note: c.note, at: iso(ctx.now), by: ctx.actor.id });
  return [];
}

function pick(input: ActionInput<'followUp'>) {
  return {
    satisfaction: input.satisfaction,
    resolved: input.resolved,
    note: input.note,
    ...(input.source === 'platform' ? { source: input.source } : {}),
  };
}
