// The ticket (工单) as data: statuses, people, deadlines, the audit trail. Pure: no Temporal import,
// so the same types serve the workflow, the API and the tests.
import type { Supervision } from './supervision';
import type { CitizenKind, RequestType } from './request-type';
import type { Attachment } from './attachments';

export const ticketStatuses = {
  registered: '已登记待派单',
  dispatched: '已派单待签收',
  handling: '办理中',
  returned: '已回退待重派',
  designating: '待定责指派',
  extension_requested: '延期申请审核中',
  reply_review: '答复待审核',
  replied: '已答复待审签',
  follow_up: '待回访',
  rehandling: '重办中',
  non_compliant_review: '不合规诉求待审批',
  closed: '已办结',
  answered: '咨询直答',
  out_of_scope: '超出职责范围',
  handed_off: '移交应急处置',
  merged: '已合并',
  transferred_out: '已转外市',
} as const;
export type TicketStatus = keyof typeof ticketStatuses;

/** Statuses in which a ticket's life has ended; the workflow completes on reaching one. */
export const terminalStatuses: readonly TicketStatus[] = ['closed', 'answered', 'out_of_scope', 'handed_off', 'merged', 'transferred_out'];
export const isTerminal = (s: TicketStatus): boolean => terminalStatuses.includes(s);

/** Statuses in which the unit is working against the reply deadline. */
export const handlingStatuses: readonly TicketStatus[] = ['handling', 'rehandling', 'extension_requested'];

export const channels = {
  phone: '电话',
  web: '网站',
  wechat: '微信',
  miniprogram: '小程序',
  mayor_mailbox: '市长信箱',
  leader_board: '领导留言板',
  provincial: '省平台',
  police_110: '110转办',
  grid: '网格上报',
  open311: 'Open311接口',
} as const;
export type Channel = keyof typeof channels;

export const roles = {
  operator: '受理员',
  dispatcher: '派单员',
  handler: '承办人',
  unit_leader: '单位负责人',
  reviewer: '处室负责人',
  follow_up: '回访员',
  supervisor: '督办员',
  admin: '管理员',
  system: '系统',
} as const;
export type Role = keyof typeof roles;
/** The roles that act for one handling unit (their actor carries the unit): 承办人, 单位负责人, 处室负责人. */
export const unitRoles: readonly Role[] = ['handler', 'unit_leader', 'reviewer'];
export const isUnitRole = (r: Role): boolean => unitRoles.includes(r);

export interface Actor {
  id: string;
  name?: string;
  role: Role;
  /** The handling unit an actor belongs to (handlers and unit leaders). */
  unit?: string;
}
export const systemActor: Actor = { id: 'system', name: '系统', role: 'system' };

export interface Requester {
  name?: string;
  phone?: string;
  anonymous: boolean;
  /** false when the citizen declined the follow-up call. */
  followUp: boolean;
  /** 保密: the citizen asked that units not see their number; the hotline relays contact (R4). */
  confidential?: boolean;
  /**
   * Tickets registered before the citizen's own rating counted as the follow-up (an intake field no
   * longer accepted): the citizen had rated on the platform, no call needed.
   */
  alreadyRated?: boolean;
  /** The ticket this requester came from, after a merge (合并派单). */
  fromTicket?: string;
  addedAt: string;
}

export interface Location {
  district: string;
  street?: string;
  address?: string;
}

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export const satisfactionLabels: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export interface Contact {
  stage: 'first' | 'final';
  /** relay: the hotline's operator contacted a citizen who asked for confidentiality (保密). */
  method: 'phone' | 'sms' | 'visit' | 'relay';
  note?: string;
  at: string;
  by: string;
}

export interface Reply {
  content: string;
  handlerName: string;
  handlerPhone: string;
  solved: boolean;
  basis?: string;
  at: string;
  by: string;
  /** Within the reply deadline: as drafted until sign-off, then as signed off (R3, seed 002 审签后反馈). */
  onTime: boolean;
  /** R6: what the unit promises when it cannot solve the matter in time; registered at sign-off. */
  commitment?: { content: string; dueDate: string };
  /**
   * R7: the steps this reply goes through: two_step = 审核 by the unit's reviewer, then 审签 by its
   * leader; single_step = 审签 only (a unit without a separate reviewer, HOTLINE_RULES). Absent on a
   * reply drafted before two-step review (two-step-review-v1): the leader or an admin signs it.
   */
  reviewFlow?: ReviewFlow;
  /** 审核 by the reviewer (处室负责人), two_step only. */
  divisionReview?: { approved: boolean; note?: string; at: string; by: string };
  /** 审签 by the unit leader: approved, the reply is given. */
  review?: { approved: boolean; note?: string; at: string; by: string };
}

export type ReviewFlow = 'two_step' | 'single_step';
export const reviewFlowLabels: Record<ReviewFlow, string> = { two_step: '处室负责人审核、单位负责人审签', single_step: '单位负责人审签' };

export interface FollowUpResult {
  requester: number;
  satisfaction: Satisfaction;
  resolved: boolean;
  note?: string;
  at: string;
  by: string;
  /** Which round of handling this result judges (0 = first handling, n = n-th re-handle). */
  round: number;
  /** platform: the citizen rated it themselves (the rating link's page, the web), not a call (seed 003 已通过平台自行评价). */
  source?: FollowUpSource;
}

export type FollowUpSource = 'call' | 'platform';

/** What the unit did before declaring a request non-compliant (seed 002 约见反映人 … 解释 … 组织调解). */
export interface NonCompliantStep {
  /** Beijing date, YYYY-MM-DD. */
  date: string;
  note: string;
}

/** 不合规诉求: declared by the lead unit after an unsatisfied follow-up, decided by the hotline (seed 002 申报办理不合规诉求). */
export interface NonCompliantDeclaration {
  reason: string;
  /** 约见反映人，耐心解释. */
  meeting: NonCompliantStep;
  /** 组织调解. */
  mediation: NonCompliantStep;
  declaredAt: string;
  declaredBy: string;
  decision?: { approved: boolean; note?: string; at: string; by: string };
}

export interface Consultation {
  topic: string;
  participants: string[];
  at: string;
  convenedAt: string;
  convenedBy: string;
  outcome?: { summary: string; unit?: string; at: string; by: string };
}

export interface Extension {
  reason: string;
  commitment: string;
  until: string;
  requestedAt: string;
  requestedBy: string;
  /** The status to go back to once decided (handling or rehandling). */
  resumeStatus: TicketStatus;
  decision?: { approved: boolean; note?: string; at: string; by: string };
}

/** 下派: the lead unit passed the ticket down to a subordinate unit, staying accountable (domain/ticket/delegation.ts). */
export interface Delegation {
  unit: string;
  at: string;
  by: string;
  note?: string;
}

/** R17 吹哨: the street that whistled and the department that became the coordinator. */
export interface Whistle {
  street: string;
  department: string;
  at: string;
  by: string;
  note?: string;
}

export interface Commitment {
  text: string;
  dueAt: string;
  registeredAt: string;
  /** A reply's commitment (R6), tracked by its own workflow `id`; absent for an approved extension's. */
  number?: number;
  id?: string;
  unit?: string;
  dueDate?: string;
}

export type ClosureKind = 'satisfied' | 'unsatisfied_final' | 'non_compliant' | 'unreachable' | 'no_follow_up';

export type EmergencyService = '110' | '119' | '120' | '122';

export interface Outcome {
  closure?: ClosureKind;
  answer?: string;
  /** The knowledge-base article version the answer was given from (issue 15). */
  article?: { articleId: string; version: number };
  /** The temporary notice the answer was given from (issue 15: 公告直答). */
  notice?: string;
  outOfScope?: { situation: string; explanation: string };
  handOff?: { service: EmergencyService; note?: string };
  mergedInto?: string;
  transferredOut?: { city: string; reference?: string };
  reason?: string;
}

export interface Deadlines {
  dispatchBy?: string;
  signBy?: string;
  returnBy?: string;
  firstContactBy?: string;
  replyBy?: string;
  designateBy?: string;
  extensionUntil?: string;
  followUpBy?: string;
}

export interface Flags {
  urgent: boolean;
  provincial: boolean;
  /** 接诉即办 ticket. */
  jsbl: boolean;
  directDispatch: boolean;
  faceToFaceRequired: boolean;
  overdue: boolean;
  /** The dispatch deadline passed before the first dispatch (按时派单率, seed 000); kept once set. */
  dispatchOverdue?: boolean;
  /** The unit was named by designation or a consultation: it can no longer return the ticket. */
  designated: boolean;
  escalationLevel: number;
  /** A deadline was computed in a year the holiday calendar does not cover yet. */
  provisionalDeadlines: boolean;
}

export interface Counters {
  dispatches: number;
  returns: number;
  transfers: number;
  rehandles: number;
  urges: number;
  followUpAttempts: number;
}

/** Which timed alerts have already fired for the current deadlines (reset when deadlines move). */
export interface Alerts {
  dispatchOverdue?: boolean;
  signOverdue?: boolean;
  firstContactOverdue?: boolean;
  replyReminder?: boolean;
  designationOverdue?: boolean;
  /** Escalation-ladder steps already taken, 0 = none (the breach is step 1). */
  escalationSteps: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  actor: Actor;
  via: 'update' | 'signal' | 'timer' | 'system';
  note?: string;
  /** Set when the action was refused; nothing else changed. */
  rejected?: string;
  status: TicketStatus;
}

export interface FollowUpProgress {
  startedAt: string;
  /** 'auto' while calls are being placed, 'manual' once in the follow-up agents' queue. */
  queue: 'auto' | 'manual';
  round: number;
  lastCallAt?: string;
}

export interface TicketState {
  id: string;
  status: TicketStatus;
  statusLabel: string;
  channel: Channel;
  category: string;
  /** 咨询/求助/投诉/举报/建议; absent on tickets registered before it was asked (unknown). */
  requestType?: RequestType;
  /** 个人 or 企业; absent on tickets registered before it was asked (a person's). */
  citizenKind?: CitizenKind;
  description: string;
  location: Location;
  requesters: Requester[];
  leadUnit?: string;
  coUnits: string[];
  /** Subordinate units the lead passed the ticket down to (下派); absent on tickets that never had one. */
  delegates?: Delegation[];
  /** R17: every whistle (吹哨) of this ticket; absent on tickets that never escalated. */
  whistles?: Whistle[];
  /** 首接单位: the first unit dispatched, responsible first (首接负责, seeds 001, 004); a designated unit is not it. */
  firstUnit?: string;
  /** R1: the county government and city department asked to supervise a direct-dispatch matter; they read and urge it. */
  supervisingUnits?: string[];
  /**
   * Registered since the workflow's `seed-handling-v1` patch: a re-handled ticket may be transferred,
   * the unit declares 不合规诉求 for the hotline to decide (instead of a supervisor closing it). Absent
   * on tickets registered before, which keep the old rules.
   */
  seedHandling?: boolean;
  /** Units that returned the ticket, most recent last. */
  returnedBy: string[];
  registeredAt: string;
  dispatchedAt?: string;
  signedAt?: string;
  closedAt?: string;
  deadlines: Deadlines;
  flags: Flags;
  counters: Counters;
  alerts: Alerts;
  contacts: Contact[];
  visits: { at: string; by: string; note?: string }[];
  extension?: Extension;
  commitments: Commitment[];
  reply?: Reply;
  followUps: FollowUpResult[];
  followUp?: FollowUpProgress;
  consultations: Consultation[];
  nonCompliant?: NonCompliantDeclaration;
  outcome?: Outcome;
  history: AuditEntry[];
  /** 提级督办 by pattern (seed 004): set once the ticket shows one (domain/ticket/supervision.ts). */
  supervision?: Supervision;
  /** Notes each person added (bounds.ts); absent on tickets started before the limit. */
  noteCounts?: Record<string, number>;
  /** Files' metadata (attachments.ts); absent on tickets that never had one. */
  attachments?: Attachment[];
  /** The call's recording in the call system, as given at intake (never fetched). */
  recording?: { id?: string; url?: string };
  /** Links to the citizen's own photos online (Open311 media_url), never fetched. */
  mediaUrls?: string[];
}
