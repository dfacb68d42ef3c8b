// One ticket (工单) = one workflow. A thin shell around the pure core: it waits for the next
// deadline or message, applies the core's decision, runs the effects as activities, and keeps
// search attributes and memo in step. All rules live in domain/ticket.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
  log,
  patched,
  ParentClosePolicy,
  startChild,
} from '@temporalio/workflow';
import type { CommitmentStart } from '../domain/commitment/model';
import type { commitment } from './commitment';
import type { TicketActivities, TicketSummary } from '../activities/contract';
import type { LedgerActivities } from '../ledger/contract';
import {
  actionNames,
  ActionName,
  actions,
  addRequesters,
  decide,
  Decision,
  DecisionContext,
  Effect,
  fireDue,
  isTerminal,
  nextWakeAt,
  Refusal,
  refusal,
  refused,
  register,
  TicketInput,
  TicketState,
  TimerContext,
  Actor,
  contactRoute,
  awaitsDispatch,
  handlingStatuses,
  withdrawRequesters,
  superviseCaller,
  SupervisionRules,
  answerTrail,
  boundTrail,
  NOTES_PER_ACTOR,
  TRAIL_IN_STATE,
  sightRefusal,
} from '../domain/ticket';
import {
  actionSignals,
  actionUpdates,
  actorSchema,
  REJECTION_TYPE,
  RejectionDetails,
  requestersMergedSignal,
  requestersWithdrawnSignal,
  signalActionNames,
  stateQuery,
  temporalUiActor,
} from './messages';
import { ticketSummaryLine, ticketSearchAttributePairs } from './visibility';
import { decisionMemo } from './decision-memo';

// Mail must get through eventually, however long the SMTP outage: retry with backoff, no limit,
// and never awaited by the deadline loop, so timers keep firing meanwhile.
const notifications = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
// A follow-up call attempt is itself one of the rule's attempts: the workflow retries by schedule.
const calls = proxyActivities<TicketActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export const LEDGER_PATCH = 'ledger-v1';
/** Since this patch the ledger write is a local activity (see `ledgerLocal`). */
export const LEDGER_LOCAL_PATCH = 'ledger-local-v1';
/** Since this patch a merge decides again after signalling its target (see `merge`). */
export const APPLY_PATCH = 'apply-v1';
/** Since this patch a signal naming catalog entries is checked against the catalog (see `catalogIssues`). */
export const SIGNAL_REFS_PATCH = 'signal-refs-v1';

// The ledger outlives Temporal's retention: every change must land there, however long it takes.
const ledgerRetry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;
const ledger = proxyActivities<LedgerActivities>({ startToCloseTimeout: '30 seconds', retry: ledgerRetry });
// First try: a local activity, run by the worker inside the workflow task that made the change: no
// activity task and no second workflow task per action, a third fewer history events. It holds that
// task open while it runs (the task's new timers start that much later: a few milliseconds, at most
// the 5 s timeout), so it gets one short attempt; when it fails (the database is down, say)
// the write goes to the activity above, which retries in the background while the ticket carries
// on. The write is idempotent: a crash before its marker only makes the next worker write it again.
const catalogCheck = proxyLocalActivities<TicketActivities>({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 3 } });
const ledgerLocal = proxyLocalActivities<LedgerActivities>({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 1 } });
const recordLocallyFirst = async (snapshot: TicketState): Promise<unknown> => {
  try {
    return await ledgerLocal.recordLedger(snapshot);
  } catch {
    return ledger.recordLedger(snapshot);
  }
};

/**
 * Since this patch a reply waiting for sign-off is still chased (R3, seed 002 审签后反馈): its
 * reminder, breach and ladder run until the unit leader approves it. Before, the clock stopped at
 * the draft and a `replied` ticket set no timer.
 */
export const REPLY_SIGN_OFF_PATCH = 'reply-sign-off-v1';

/**
 * Since this patch a ticket whose requester is anonymous without a phone gets no first-contact
 * reminder (R4 does not apply to it); before, the reminder timer was set for every handled ticket.
 */
export const CONTACT_ROUTE_PATCH = 'contact-route-v1';

/**
 * Since this patch a whistle (吹哨, R17) escalates: only a street-level lead may whistle, and the named
 * district or city department becomes the lead, the street a co-unit. Before, the department was
 * added as a co-unit by any lead unit.
 */
export const WHISTLE_PATCH = 'whistle-escalation-v1';

/**
 * Since this patch a ticket that carries pattern-escalation thresholds (提级督办, seed 004; input
 * `supervision`) is escalated by them: a ticket a worker from before started keeps running without.
 */
export const SUPERVISION_PATCH = 'supervision-v1';

/**
 * Since this patch a ticket waiting for dispatch is reminded to the dispatch desk and marked
 * `dispatchOverdue` at its dispatch deadline (按时派单率, seed 000); before, it set no timer there.
 */
export const DISPATCH_DUE_PATCH = 'dispatch-due-v1';

/**
 * Since this patch a reply is reviewed (审核) by the lead unit's reviewer, then signed off (审签) by
 * its leader, or signed off alone where the rules name the unit (R7); the admin signs none. Asked
 * only when a reply is drafted: a reply drafted before keeps one sign-off, by the leader or an admin.
 */
export const TWO_STEP_REVIEW_PATCH = 'two-step-review-v1';

/**
 * Since this patch a ticket is registered with `seedHandling` (domain/ticket/model.ts): a re-handled
 * ticket may be transferred, the direct-dispatch supervisors read and urge it (R1), the unit declares
 * 不合规诉求 and the hotline decides. Asked once, at registration: a ticket keeps the rules it started with.
 */
export const SEED_HANDLING_PATCH = 'seed-handling-v1';

/**
 * Since this patch a ticket is bounded (issue 24): notes are limited per person (NOTES_PER_ACTOR,
 * refused 429), the trail in the state keeps its last TRAIL_IN_STATE entries once the ledger has
 * the older ones, and an update answers with older notes clipped. Asked once, at the start of a
 * run: a ticket started before it replays without the marker and keeps taking notes as it did.
 */
export const BOUNDED_TICKET_PATCH = 'bounded-ticket-v1';

/**
 * A ticket started since this patch has every patch of this file older than it (all the others,
 * CONTINUE_PATCH included: each one is true for any ticket started after it): it asks this one
 * instead of each of them, and keeps no summary memo (the Web UI's
 * current details carry the same line). Each patch asked costs a ticket a marker and an upsert of
 * Temporal's TemporalChangeVersion search attribute (two history events and a visibility write);
 * a lifecycle asked eight. A ticket from before asks each patch as it did. Patches added after this
 * one are asked with `patched()` itself.
 */
export const PATCH_ERA = 'patch-era-2026-12';

/** Since this patch a ticket continues as new when its run grows long (see `readyToContinue`). */
export const CONTINUE_PATCH = 'continue-as-new-v1';
/**
 * Changes per run before the ticket continues as new, well below Temporal's 2,000 updates per run
 * (the server's own suggestion, `continueAsNewSuggested`, usually comes first).
 */
export const MAX_CHANGES_PER_RUN = 1000;
/** Audit entries an update answers with: the whole trail is the `state` query's (and GET's). */
export const UPDATE_TRAIL = 10;

/** What a run hands to the next one when it continues as new. */
export interface Continued {
  state: TicketState;
  /** The last audit entry already written to the ledger. */
  recordedSeq: number;
}
export type TicketWorkflowInput = TicketInput & { continued?: Continued };

export async function ticket(input: TicketWorkflowInput): Promise<TicketState> {
  const { continued, ...ticketInput } = input;
  // First, before anything else (see PATCH_ERA): asked while a ticket from before replays its
  // first activation, it is false for the whole run.
  const era = patched(PATCH_ERA);
  const since = (patch: string) => era || patched(patch);
  const bounded = since(BOUNDED_TICKET_PATCH);
  let state =
    continued?.state ??
    register({ ...input, registeredAt: input.registeredAt ?? new Date(Date.now()).toISOString() }, { seedHandling: since(SEED_HANDLING_PATCH) });
  let version = 0;
  let changesThisRun = 0;
  // Every side effect is awaited before the ticket ends or continues as new (a run's activities
  // do not outlive it).
  const outbox: Promise<unknown>[] = [];
  let inFlight = 0;
  const send = (p: Promise<unknown>) => {
    inFlight += 1;
    outbox.push(p.finally(() => (inFlight -= 1)));
  };
  const supervision = input.supervision !== undefined && since(SUPERVISION_PATCH) ? input.supervision : undefined;
  const timerCtx: TimerContext = {
    rules: input.rules,
    calendar: input.calendar,
    directDispatch: input.directDispatch,
    ...(supervision && { supervision }),
  };
  const ctx = (actor: Actor, via: DecisionContext['via']): DecisionContext => ({
    now: Date.now(),
    actor,
    rules: input.rules,
    calendar: input.calendar,
    via,
    directDispatch: input.directDispatch,
    ...(bounded ? { noteLimitPerActor: NOTES_PER_ACTOR } : {}),
  });

  let published = '';
  const publish = () => {
    const pairs = ticketSearchAttributePairs(state);
    const key = JSON.stringify(pairs.map((p) => p.value));
    if (key === published) return;
    published = key;
    upsertSearchAttributes(pairs);
    if (!era) upsertMemo({ summary: ticketSummaryLine(state) });
    // The Web UI's "current details": the same line, read by query (no history event).
    setCurrentDetails(ticketSummaryLine(state));
  };

  const commit = (next: TicketState, effects: Effect[]) => {
    state = next;
    version += 1;
    changesThisRun += 1;
    for (const e of effects) send(run(e));
    publish();
  };

  const run = async (e: Effect): Promise<void> => {
    const summary = summarize(state);
    switch (e.kind) {
      case 'notify':
        if (e.units.length === 0 && !e.supervisors && !e.dispatchDesk) return;
        await notifications.notifyUnits({
          ticket: summary,
          event: e.event,
          units: e.units,
          supervisors: e.supervisors,
          dispatchDesk: e.dispatchDesk,
          detail: e.detail,
          key: e.key,
        });
        return;
      case 'placeFollowUpCall': {
        const result = await calls
          .placeFollowUpCall({
            ticket: summary,
            attempt: e.attempt,
            round: state.followUp?.round ?? state.counters.rehandles,
            requesters: e.requesters.map((i) => ({ index: i, phone: state.requesters[i]?.phone, name: state.requesters[i]?.name })),
            handler: state.reply ? { name: state.reply.handlerName, phone: state.reply.handlerPhone } : undefined,
            reply: state.reply?.content,
          })
          .catch((err: Error) => ({ outcome: 'failed' as const, detail: err.message }));
        log.info('follow-up call attempt', { ticket: state.id, attempt: e.attempt, outcome: result.outcome });
        return;
      }
      case 'mergeInto':
        return; // sent synchronously by the merge update, before the merge is committed
      case 'startCommitment':
        return startCommitment(e.commitment, summary);
    }
  };

  const reject = (d: Extract<Decision, { ok: false }>): never => {
    const details: RejectionDetails = { code: d.code, status: d.status, details: d.details };
    throw ApplicationFailure.create({ type: REJECTION_TYPE, message: d.reason, nonRetryable: true, details: [details] });
  };

  /**
   * The one way a ticket changes: decide against the state as it is now and commit at once, with
   * no await in between, so nothing that committed earlier can be overwritten. Updates, signals,
   * the merged-requesters signal and timers all come through here.
   */
  const apply = (decideNow: (current: TicketState) => Decision): Decision => {
    const d = decideNow(state);
    if (d.ok && d.state !== state) commit(d.state, d.effects);
    return d;
  };
  /** A refused signal changes nothing but is kept in the audit trail, marked rejected. */
  const applySignal = (action: string, via: DecisionContext, decideNow: (current: TicketState) => Decision): void => {
    const d = apply(decideNow);
    if (!d.ok) apply((s) => refused(s, action, via, d.reason));
  };

  // An update's result is written to history: with the whole trail, a ticket with thousands of
  // entries would grow its history by the square of its changes.
  const answer = (): TicketState => ({
    ...state,
    history: bounded ? answerTrail(state.history, UPDATE_TRAIL) : state.history.slice(-UPDATE_TRAIL),
  });

  // `sight`: the validator's first check (see its comment); never the handler's.
  const decideCommand = (
    current: TicketState,
    name: ActionName,
    command: unknown,
    patches: Partial<DecisionContext> = {},
    sight = false,
  ): Decision => {
    const actor = actorSchema.safeParse((command as { actor?: unknown } | undefined)?.actor);
    if (!actor.success) {
      return refusal('input', 'actor 缺失或无效', current.status);
    }
    const unseen = sight ? sightRefusal(current, actor.data) : undefined;
    if (unseen) return unseen;
    const { input: fields, units } = command as { input?: unknown; units?: DecisionContext['units'] };
    // A validator cannot ask patched(): it judges by today's rules, the handler by the ticket's.
    return decide(current, name, fields, { ...ctx(actor.data, 'update'), units, whistleEscalates: true, ...patches });
  };
  // Asked in the handler only (not the validator): the flag decides nothing a validator refuses.
  const legacyFor = (name: ActionName) => (name === 'reply' && !since(TWO_STEP_REVIEW_PATCH) ? { legacySignOff: true } : undefined);

  // R13: a merge may commit only once its target took the requesters. One merge at a time: a
  // second one decides after the first has ended (and is refused then, before it signals anyone).
  let merging = false;
  const merge = async (command: unknown): Promise<TicketState> => {
    while (merging) await condition(() => !merging);
    merging = true;
    try {
      const first = decideCommand(state, 'merge', command);
      if (!first.ok) return reject(first);
      const targets = first.effects.flatMap((e) => (e.kind === 'mergeInto' ? [e] : []));
      for (const e of targets) {
        try {
          await getExternalWorkflowHandle(e.target).signal(requestersMergedSignal, { from: state.id, requesters: e.requesters });
        } catch {
          throw ApplicationFailure.create({
            type: REJECTION_TYPE,
            message: `合并目标工单 ${e.target} 不存在或已结束`,
            nonRetryable: true,
            details: [{ code: 'conflict', status: state.status } satisfies RejectionDetails],
          });
        }
      }
      // Tickets that merged before this patch committed the state decided before the await.
      if (!since(APPLY_PATCH)) {
        commit(first.state, first.effects);
        return answer();
      }
      // A timer or signal may have committed while the target was signalled: decide again.
      const d = apply((s) => decideCommand(s, 'merge', command));
      if (!d.ok) {
        for (const e of targets) {
          await getExternalWorkflowHandle(e.target)
            .signal(requestersWithdrawnSignal, { from: state.id, requesters: e.requesters })
            .catch(() => log.warn('merge target ended before the requesters could be withdrawn', { ticket: state.id, target: e.target }));
        }
        return reject(d);
      }
      // Requesters merged into this ticket meanwhile (多人一诉) follow the others to the target.
      const sent = new Set(targets.flatMap((e) => e.requesters.map((r) => JSON.stringify(r))));
      for (const e of d.effects) {
        const late = e.kind === 'mergeInto' ? e.requesters.filter((r) => !sent.has(JSON.stringify(r))) : [];
        if (e.kind !== 'mergeInto' || late.length === 0) continue;
        await getExternalWorkflowHandle(e.target)
          .signal(requestersMergedSignal, { from: state.id, requesters: late })
          .catch(() => log.warn('merge target ended before the last requesters reached it', { ticket: state.id, target: e.target }));
      }
      return answer();
    } finally {
      merging = false;
    }
  };

  // The validator's accepted decision, reused by its handler when the handler adds no patch option.
  const validated = decisionMemo<TicketState, Decision>();
  for (const name of actionNames) {
    setHandler(
      actionUpdates[name],
      async (command: unknown) => {
        if (name === 'merge') return merge(command);
        const patches = { ...(name === 'whistle' ? { whistleEscalates: since(WHISTLE_PATCH) } : {}), ...legacyFor(name) };
        const reuse = Object.keys(patches).length === 0;
        const d = apply((s) => (reuse ? validated.take(s, name, command) : undefined) ?? decideCommand(s, name, command, patches));
        return d.ok ? answer() : reject(d);
      },
      {
        validator: (command: unknown) => {
          // A unit's person acting on a ticket not theirs to see learns nothing of it (404); the API
          // asks no one first. Only here: a validator never runs on replay, so no ticket replays differently.
          const d = decideCommand(state, name, command, {}, true);
          if (!d.ok) reject(d);
          validated.remember(state, name, command, d);
        },
      },
    );
  }

  // A signal naming catalog entries gets the catalog check an update gets from the API (a local
  // activity: the catalog is the worker's), then decides against the state as it is after it.
  const needsCatalog = (name: ActionName) => actions[name].refs?.some((r) => r.kind !== 'ticket') === true && since(SIGNAL_REFS_PATCH);
  const catalogRefusal = async (name: ActionName, fields: unknown): Promise<Refusal | undefined> => {
    const issues = await catalogCheck.checkActionRefs({ action: name, input: fields }).catch(() => undefined);
    if (!issues) return refusal('input', '派单目录暂不可用，无法核对', state.status);
    if (!issues.length) return undefined;
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return refusal('input', `「${actions[name].label}」参数无效：${list}`, state.status, issues);
  };

  for (const name of signalActionNames) {
    setHandler(actionSignals[name], (payload) => {
      const { actor: rawActor, ...fields } = (payload ?? {}) as Record<string, unknown>;
      const actor = rawActor === undefined ? temporalUiActor : actorSchema.safeParse(rawActor).data;
      const signal = (refused?: Refusal) => {
        const via = ctx(actor ?? temporalUiActor, 'signal');
        applySignal(name, via, (s) => (actor ? (refused ?? decide(s, name, fields, via)) : refusal('input', 'actor 无效', s.status)));
      };
      if (!actor || !needsCatalog(name)) return signal();
      return catalogRefusal(name, fields).then(signal);
    });
  }

  setHandler(requestersMergedSignal, ({ from, requesters }) => {
    const via = ctx({ id: from, role: 'system' }, 'signal');
    applySignal('merged', via, (s) => addRequesters(s, requesters, via, from));
  });

  setHandler(requestersWithdrawnSignal, ({ from, requesters }) => {
    const via = ctx({ id: from, role: 'system' }, 'signal');
    applySignal('mergeWithdrawn', via, (s) => withdrawRequesters(s, from, requesters, via));
  });

  setHandler(stateQuery, () => state);

  // One ledger write per activation that changed the ticket, carrying what changed since the
  // last one (the state without its trail, and the new audit entries): history grows with the
  // changes, not with their square. The loop wakes on every change, so none is missed.
  let recorded = continued ? version : -1;
  let recordedSeq = continued?.recordedSeq ?? 0;
  const record = () => {
    // Tickets started before the ledger existed carry on without it (their history has no such
    // activity); every ticket started since records. The replay fixtures guard both paths.
    if (recorded === version || !since(LEDGER_PATCH)) return;
    recorded = version;
    const delta = { ...state, history: state.history.filter((e) => e.seq > recordedSeq) };
    recordedSeq = state.history.at(-1)?.seq ?? recordedSeq;
    send(since(LEDGER_LOCAL_PATCH) ? recordLocallyFirst(delta) : ledger.recordLedger(delta));
    // The ledger now holds every entry up to recordedSeq: the state keeps the recent ones.
    if (bounded) state = boundTrail(state, recordedSeq, TRAIL_IN_STATE);
  };

  // A long-lived ticket (months of re-handling, thousands of notes) continues as new before its
  // run reaches Temporal's limits, once no handler is running and every side effect is done. The
  // state carries every deadline; the next run arms its timers from it.
  let mayContinue = true;
  const longRun = () => workflowInfo().continueAsNewSuggested || changesThisRun >= MAX_CHANGES_PER_RUN;
  const readyToContinue = () => mayContinue && longRun() && allHandlersFinished() && inFlight === 0;

  // Asked only while a reply waits for sign-off, the one status the patch changes: a ticket that
  // waited there before it (replayed without the marker) set no timer and keeps not setting one.
  // The same for the first-contact reminder of a ticket nobody can contact: asked only when it matters.
  const timersNow = (): TimerContext => ({
    ...timerCtx,
    ...(state.status === 'replied' && !since(REPLY_SIGN_OFF_PATCH) ? { replyClockStopsAtDraft: true } : {}),
    ...(awaitsFirstContact(state) && contactRoute(state) === 'none' && !since(CONTACT_ROUTE_PATCH) ? { contactReminderForAnyone: true } : {}),
    ...(awaitsDispatch(state, timerCtx) && !since(DISPATCH_DUE_PATCH) ? { dispatchUnwatched: true } : {}),
  });

  // 一人多诉: the ledger counts the caller's earlier tickets (by the phone's keyed pseudonym) while
  // the ticket goes on; the answer escalates it if the threshold is crossed. A local activity first,
  // in the task that started the ticket, as the ledger write is; the activity when that fails.
  const checkCaller = (rules: SupervisionRules) => {
    const phones = state.requesters.flatMap((r) => (r.phone ? [r.phone] : []));
    if (phones.length === 0) return;
    const req = { ticketId: state.id, phones, registeredAt: state.registeredAt, withinDays: rules.repeatCallerDays };
    send(
      ledgerLocal
        .countCallerTickets(req)
        .catch(() => ledger.countCallerTickets(req))
        .then((callerTickets) => {
          apply((s) => superviseCaller(s, rules, { now: Date.now(), calendar: input.calendar, callerTickets }));
        }),
    );
  };

  publish();
  if (supervision && !continued) checkCaller(supervision);
  while (!isTerminal(state.status)) {
    record();
    if (readyToContinue()) {
      if (since(CONTINUE_PATCH)) {
        log.info('ticket continues as new', { ticket: state.id, changes: changesThisRun, events: workflowInfo().historyLength });
        return continueAsNew<typeof ticket>({ ...ticketInput, continued: { state, recordedSeq } });
      }
      mayContinue = false; // a ticket replayed from before the patch runs on as it did
    }
    const wakeAt = nextWakeAt(state, timersNow());
    const seen = version;
    const woken = () => version !== seen || readyToContinue();
    if (wakeAt === undefined) await condition(woken);
    else if (wakeAt > Date.now()) await condition(woken, wakeAt - Date.now());
    apply((s) => ({ ok: true, ...fireDue(s, Date.now(), timersNow()) }));
  }

  await condition(allHandlersFinished);
  record();
  await Promise.all(outbox);
  log.info('ticket ended', { ticket: state.id, status: state.status, workflowId: workflowInfo().workflowId });
  return state;
}

/**
 * R6: a signed-off reply's commitment is tracked by its own workflow, which outlives the ticket
 * (workflows/commitment.ts says why). The mails show the promised date as the deadline.
 */
async function startCommitment(c: CommitmentStart, summary: TicketSummary): Promise<void> {
  await startChild<typeof commitment>('commitment', {
    workflowId: c.id,
    args: [{ ...c, ticket: { ...summary, replyBy: undefined, extensionUntil: c.dueAt } }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  }).catch((err: Error) => log.warn('commitment tracking did not start', { commitment: c.id, error: err.message }));
}

/** Whether the first-contact reminder could be set now (R4): handled, due, not fired, no contact yet. */
const awaitsFirstContact = (t: TicketState) =>
  handlingStatuses.includes(t.status) &&
  t.deadlines.firstContactBy !== undefined &&
  !t.alerts.firstContactOverdue &&
  !t.contacts.some((c) => c.stage === 'first');

function summarize(t: TicketState): TicketSummary {
  return {
    id: t.id,
    category: t.category,
    district: t.location.district,
    street: t.location.street,
    status: t.status,
    description: t.description,
    leadUnit: t.leadUnit,
    dispatchBy: t.deadlines.dispatchBy,
    replyBy: t.deadlines.replyBy,
    signBy: t.deadlines.signBy,
    designateBy: t.deadlines.designateBy,
    firstContactBy: t.deadlines.firstContactBy,
    extensionUntil: t.deadlines.extensionUntil,
    followUpBy: t.deadlines.followUpBy,
  };
}
