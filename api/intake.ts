// Intake (受理) over HTTP: validate against the catalog, number the ticket, start its workflow.
//
// Idempotency without a database: with an `Idempotency-Key`, the ticket number is derived from the
// key, the caller and the Beijing date (api/ticket-id.ts), and the workflow is started with
// WorkflowIdConflictPolicy USE_EXISTING and WorkflowIdReusePolicy REJECT_DUPLICATE. However many
// retries race, Temporal lets exactly one start happen; every other one gets that ticket back. The
// start memo records the key hash (also in TicketInput.idempotencyKeyHash), a hash of the intake and
// a nonce of the request that created it, so each request knows whether the ticket is
//   - its own (nonce matches)                → 201 Created,
//   - an earlier request's with the same key → 200 OK with `Idempotent-Replayed: true`,
//   - the same key used for another intake   → 409 idempotency_conflict,
//   - someone else's (7-digit collision)     → try the key's next number, in the same order for all.
import { randomUUID } from 'node:crypto';
import { calendarFrom, type CalendarData } from '../domain/calendar';
import { Catalog, directDispatchTarget } from '../domain/catalog';
import type { RulesFor } from '../domain/rule-book';
import { Actor, Intake, newIntakeSchema, register, SupervisionRules, TicketInput, TicketState } from '../domain/ticket';
import { checkIntakeRefs } from '../domain/ticket/refs';
import { ApiError, parseOr400, validationError } from './errors';
import { beijingTimeOfDay } from '../domain/calendar';
import { idempotencyKeyHash, idempotentTicketId, randomTicketId, requestHash, ticketDate } from './ticket-id';
import type { TicketStore } from './ticket-store';

export interface IntakeDeps {
  store: TicketStore;
  catalog: () => Catalog;
  rules: RulesFor;
  calendar: CalendarData;
  supervision?: SupervisionRules;
  now: () => Date;
}

export interface Opened {
  state: TicketState;
  /** false when an earlier request with the same Idempotency-Key opened it. */
  created: boolean;
}

/** Memo keys written at start (next to the workflow's own `summary`). */
export const MEMO = { keyHash: 'idempotencyKeyHash', requestHash: 'intakeRequestHash', nonce: 'intakeNonce' } as const;

const MAX_ATTEMPTS = 16;
/** A retry shortly after Beijing midnight still finds the ticket its first try opened yesterday. */
const PREVIOUS_DAY_WINDOW_MS = 3_600_000;

export async function openTicket(deps: IntakeDeps, body: unknown, actor: Actor, key?: string): Promise<Opened> {
  const intake = withoutAnonymousName(parseOr400(newIntakeSchema, body, '受理请求体'));
  const catalog = deps.catalog();
  const issues = checkIntakeRefs(catalog, intake);
  if (issues.length) throw validationError('受理请求体', issues);

  const now = deps.now();
  const base: Omit<TicketInput, 'id'> = {
    intake,
    registeredAt: now.toISOString(),
    registeredBy: actor,
    // Resolved here, outside the workflow: the ticket keeps this copy whatever the file says later.
    rules: deps.rules({ category: intake.category, requestType: intake.requestType }),
    calendar: calendarFrom(deps.calendar, now),
    directDispatch: directDispatchTarget(catalog, intake.category, intake.location.district),
    ...(deps.supervision && { supervision: deps.supervision }),
  };

  if (key === undefined) {
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const input = { ...base, id: randomTicketId(now) };
      const started = await deps.store.start(input, {}, false);
      if (started !== 'taken') return { state: initialState(input), created: true };
    }
    throw new ApiError('internal', '无法分配工单编号（多次编号冲突）');
  }

  const keyHash = idempotencyKeyHash(actor.id, key);
  const reqHash = requestHash(intake);
  const check = (id: string, memo: Record<string, unknown>): 'mine' | 'other' => {
    if (memo[MEMO.keyHash] !== keyHash) return 'other';
    if (memo[MEMO.requestHash] !== reqHash) {
      throw new ApiError(
        'idempotency_conflict',
        `Idempotency-Key 已用于另一份不同内容的受理（工单 ${id}）；重试请发送相同的请求体，新的诉求请使用新的 Idempotency-Key`,
        { ticket: id },
      );
    }
    return 'mine';
  };

  if (beijingTimeOfDay(now) < PREVIOUS_DAY_WINDOW_MS) {
    const yesterday = ticketDate(+now - 86_400_000);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const id = idempotentTicketId(keyHash, yesterday, i);
      const memo = await deps.store.memo(id);
      if (memo === undefined) break; // the key's numbers are taken in order: none further
      if (check(id, memo) === 'mine') return { state: await deps.store.load(id), created: false };
    }
  }

  const nonce = randomUUID();
  const today = ticketDate(now);
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const input: TicketInput = { ...base, id: idempotentTicketId(keyHash, today, i), idempotencyKeyHash: keyHash };
    const memo = { [MEMO.keyHash]: keyHash, [MEMO.requestHash]: reqHash, [MEMO.nonce]: nonce };
    const started = await deps.store.start(input, memo, true);
    if (started === 'taken' || check(input.id, started.memo) === 'other') continue;
    if (started.memo[MEMO.nonce] === nonce) return { state: initialState(input), created: true };
    return { state: await deps.store.load(input.id), created: false };
  }
  throw new ApiError('internal', '无法分配工单编号（多次编号冲突）');
}

/**
 * An anonymous citizen's name serves no rule (units contact them by phone, if at all): it is not
 * kept, not even in the workflow's input, where Temporal would hold it for the history's retention.
 */
function withoutAnonymousName(intake: Intake): Intake {
  if (!intake.citizen.anonymous || intake.citizen.name === undefined) return intake;
  const { name: _dropped, ...citizen } = intake.citizen;
  return { ...intake, citizen };
}

/** The state the workflow opens with: the same pure function, the same input (registeredAt included). */
function initialState(input: TicketInput): TicketState {
  return register({ ...input, registeredAt: input.registeredAt! });
}
