// Shared fixtures for the ticket-core unit tests (test/unit/ticket-*.test.ts). Not a test file itself.
import { loadCalendar } from '../../config/calendar-source';
import {
  Actor,
  ActionName,
  decide,
  Decision,
  defaultRules,
  DirectDispatchTarget,
  Effect,
  intakeSchema,
  register,
  TicketRules,
  TicketState,
} from '../../domain/ticket';

export const calendar = loadCalendar();

/** Beijing wall-clock time 'YYYY-MM-DDTHH:mm[:ss[.sss]]' → epoch ms. */
export const bj = (local: string): number => Date.parse(`${local}${local.length === 16 ? ':00' : ''}+08:00`);
/** Beijing wall-clock time → ISO instant string (UTC, as the core stores it). */
export const bjIso = (local: string): string => new Date(bj(local)).toISOString();

export const LEAD = 'U-WATER';
export const CO = 'U-STREET';
export const OTHER = 'U-OTHER';

export const actors = {
  operator: { id: 'op-1', name: '受理员甲', role: 'operator' },
  dispatcher: { id: 'dp-1', name: '派单员乙', role: 'dispatcher' },
  handler: { id: 'h-1', name: '承办人丙', role: 'handler', unit: LEAD },
  leader: { id: 'l-1', name: '负责人丁', role: 'unit_leader', unit: LEAD },
  reviewer: { id: 'r-1', name: '处室负责人庚', role: 'reviewer', unit: LEAD },
  coHandler: { id: 'h-co', name: '协办人', role: 'handler', unit: CO },
  coLeader: { id: 'l-co', name: '协办负责人', role: 'unit_leader', unit: CO },
  otherHandler: { id: 'h-x', name: '他单位承办人', role: 'handler', unit: OTHER },
  otherLeader: { id: 'l-x', name: '他单位负责人', role: 'unit_leader', unit: OTHER },
  unitlessHandler: { id: 'h-0', role: 'handler' },
  followUp: { id: 'fu-1', name: '回访员戊', role: 'follow_up' },
  supervisor: { id: 'sv-1', name: '督办员己', role: 'supervisor' },
  admin: { id: 'ad-1', name: '管理员', role: 'admin' },
  system: { id: 'system', name: '系统', role: 'system' },
} satisfies Record<string, Actor>;

export const voiceRules: TicketRules = {
  ...defaultRules,
  followUp: { ...defaultRules.followUp, provider: 'voice' },
};

export interface IntakeOverrides {
  channel?: string;
  citizen?: Record<string, unknown>;
  provincial?: boolean;
  urgent?: boolean;
  jsbl?: boolean;
}

export const REGISTERED_AT = '2026-09-29T09:30';

/** Registers a ticket (raw intake run through the intake schema, as the API does). */
export function newTicket(
  opts: IntakeOverrides & {
    id?: string;
    at?: string;
    rules?: TicketRules;
    directDispatch?: DirectDispatchTarget;
    /** false: a ticket registered before the seed-handling-v1 patch. */
    seedHandling?: boolean;
  } = {},
): TicketState {
  const { alreadyRated, ...citizen } = opts.citizen ?? { name: '张三', phone: '13800000000' };
  const intake = intakeSchema.parse({
    channel: opts.channel ?? 'phone',
    citizen,
    category: 'water-outage',
    description: '小区停水两天',
    location: { district: 'D-01', street: 'S-01', address: '幸福路1号' },
    ...(opts.provincial !== undefined ? { provincial: opts.provincial } : {}),
    ...(opts.urgent !== undefined ? { urgent: opts.urgent } : {}),
    ...(opts.jsbl !== undefined ? { jsbl: opts.jsbl } : {}),
  });
  // An input from before alreadyRated went away from the intake may still carry it.
  if (alreadyRated !== undefined) Object.assign(intake.citizen, { alreadyRated });
  return register(
    {
      id: opts.id ?? 'T-1',
      intake,
      registeredAt: bjIso(opts.at ?? REGISTERED_AT),
      registeredBy: actors.operator,
      rules: opts.rules ?? defaultRules,
      calendar,
      directDispatch: opts.directDispatch,
    },
    { seedHandling: opts.seedHandling ?? true },
  );
}

/** decide() at a Beijing wall-clock time. */
export function act(state: TicketState, action: ActionName, input: unknown, actor: Actor, at: string, rules: TicketRules = defaultRules): Decision {
  return decide(state, action, input, { now: bj(at), actor, rules, calendar, via: 'update' });
}

/** decide() that must succeed; returns the new state and effects. */
export function must(
  state: TicketState,
  action: ActionName,
  input: unknown,
  actor: Actor,
  at: string,
  rules: TicketRules = defaultRules,
): { state: TicketState; effects: Effect[] } {
  const d = act(state, action, input, actor, at, rules);
  if (!d.ok) throw new Error(`${action} unexpectedly rejected (${d.code}): ${d.reason}`);
  return { state: d.state, effects: d.effects };
}

/** Applies a sequence of steps that must all succeed. */
export function run(state: TicketState, steps: [ActionName, unknown, Actor, string][], rules: TicketRules = defaultRules): TicketState {
  return steps.reduce((s, [a, i, who, at]) => must(s, a, i, who, at, rules).state, state);
}

export const replyInput = {
  content: '已协调供水公司抢修，今日已恢复供水。',
  handlerName: '承办人丙',
  handlerPhone: '0434-1234567',
  solved: true,
};

// A standard timeline (Beijing time), dispatched on Tue 2026-09-29 just before the National Day holiday.
export const T = {
  dispatch: '2026-09-29T10:00',
  sign: '2026-09-29T10:30',
  first: '2026-09-29T11:00',
  visit: '2026-10-08T09:00',
  final: '2026-10-09T09:00',
  reply: '2026-10-09T10:00',
  review: '2026-10-09T10:30',
  approve: '2026-10-09T11:00',
  followUp: '2026-10-09T15:00',
};

export const dispatched = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(s, 'dispatch', { unit: LEAD, coUnits: [CO] }, actors.dispatcher, T.dispatch, rules).state;
export const handling = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(dispatched(s, rules), 'sign', {}, actors.handler, T.sign, rules).state;
export const contacted = (s = newTicket(), rules: TicketRules = defaultRules) =>
  run(
    handling(s, rules),
    [
      ['contact', { stage: 'first', method: 'phone' }, actors.handler, T.first],
      ['contact', { stage: 'final', method: 'phone' }, actors.handler, T.final],
    ],
    rules,
  );
/** Drafted, waiting for the reviewer's 审核 (R7). */
export const drafted = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(contacted(s, rules), 'reply', replyInput, actors.handler, T.reply, rules).state;
/** Drafted on a ticket from before two-step review (the workflow's two-step-review-v1 patch): waiting for one sign-off. */
export function legacyDrafted(s = newTicket()): TicketState {
  const d = decide(contacted(s), 'reply', replyInput, {
    now: bj(T.reply),
    actor: actors.handler,
    rules: defaultRules,
    calendar,
    via: 'update',
    legacySignOff: true,
  });
  if (!d.ok) throw new Error(d.reason);
  return d.state;
}
/** Reviewed, waiting for the unit leader's 审签 (R7). */
export const replied = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(drafted(s, rules), 'reviewReply', {}, actors.reviewer, T.review, rules).state;
export const inFollowUp = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(replied(s, rules), 'approveReply', {}, actors.leader, T.approve, rules).state;
export const closed = (s = newTicket(), rules: TicketRules = defaultRules) =>
  must(inFollowUp(s, rules), 'followUp', { satisfaction: 'satisfied', resolved: true }, actors.followUp, T.followUp, rules).state;

/**
 * Takes a snapshot of `s`; the returned check asserts `s` is still deep-equal to it (and serialises
 * identically, which also catches keys set to a value or dropped).
 */
export function snapshot(s: unknown): () => void {
  const json = JSON.stringify(s);
  const copy = JSON.parse(json);
  return () => {
    expect(s).toEqual(copy);
    expect(JSON.stringify(s)).toBe(json);
  };
}
