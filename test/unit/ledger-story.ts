// A ticket's life told step by step through the real domain core (register, decide, fireDue,
// addRequesters), keeping every committed state, as the workflow would record them. Used by the
// ledger tests; not a test file itself.
import { loadCalendar } from '../../config/calendar-source';
import {
  Actor,
  ActionName,
  addRequesters,
  decide,
  defaultRules,
  fireDue,
  intakeSchema,
  register,
  Satisfaction,
  TicketState,
} from '../../domain/ticket';
import type { LedgerDb } from '../../ledger/db';
import { recordTicket } from '../../ledger/recorder';

export const calendar = loadCalendar();
const rules = defaultRules;

/** Beijing wall-clock 'YYYY-MM-DDTHH:mm' → epoch ms. */
export const bj = (local: string): number => Date.parse(`${local}:00+08:00`);
export const bjIso = (local: string): string => new Date(bj(local)).toISOString();

export const people = {
  operator: { id: 'op-1', role: 'operator' },
  dispatcher: { id: 'dp-1', role: 'dispatcher' },
  supervisor: { id: 'sv-1', role: 'supervisor' },
  followUp: { id: 'fu-1', role: 'follow_up' },
} satisfies Record<string, Actor>;
export const handler = (unit: string): Actor => ({ id: `h-${unit}`, name: `${unit}承办人`, role: 'handler', unit });
export const leader = (unit: string): Actor => ({ id: `l-${unit}`, name: `${unit}负责人`, role: 'unit_leader', unit });
export const reviewer = (unit: string): Actor => ({ id: `r-${unit}`, name: `${unit}处室负责人`, role: 'reviewer', unit });

export interface StoryIntake {
  id: string;
  at: string;
  category?: string;
  district?: string;
  street?: string | null;
  description?: string;
  citizen?: { name?: string; phone?: string; followUp?: boolean; anonymous?: boolean; kind?: 'person' | 'enterprise' };
  /** Absent: a ticket registered before the request type was asked. */
  requestType?: string;
  channel?: string;
}

export class Story {
  state: TicketState;
  /** Every committed state, oldest first (what the workflow hands the ledger activity). */
  readonly states: TicketState[] = [];

  constructor(intake: StoryIntake) {
    const parsed = intakeSchema.parse({
      channel: intake.channel ?? 'phone',
      requestType: intake.requestType,
      citizen: intake.citizen ?? { name: '张三', phone: '13912345678' },
      category: intake.category ?? 'water-outage',
      description: intake.description ?? '小区停水',
      location: {
        district: intake.district ?? 'D1',
        ...(intake.street === null ? {} : { street: intake.street ?? 's1' }),
      },
    });
    this.state = register({
      id: intake.id,
      intake: parsed,
      registeredAt: bjIso(intake.at),
      registeredBy: people.operator,
      rules,
      calendar,
    });
    this.states.push(this.state);
  }

  get id() {
    return this.state.id;
  }

  private commit(next: TicketState): this {
    this.state = next;
    this.states.push(next);
    return this;
  }

  act(action: ActionName, input: unknown, actor: Actor, at: string): this {
    const d = decide(this.state, action, input, { now: bj(at), actor, rules, calendar, via: 'update' });
    if (!d.ok) throw new Error(`${this.id}: ${action} at ${at} rejected (${d.code}): ${d.reason}`);
    return this.commit(d.state);
  }

  /** The workflow's timer loop: fires every timed rule due by `at`. */
  tick(at: string): this {
    const fired = fireDue(this.state, bj(at), { rules, calendar });
    if (fired.state === this.state) throw new Error(`${this.id}: nothing due at ${at}`);
    return this.commit(fired.state);
  }

  private get unit(): string {
    if (!this.state.leadUnit) throw new Error(`${this.id}: no lead unit`);
    return this.state.leadUnit;
  }

  dispatch = (unit: string, at: string) => this.act('dispatch', { unit }, people.dispatcher, at);
  sign = (at: string) => this.act('sign', {}, handler(this.unit), at);
  contact = (stage: 'first' | 'final', at: string, note?: string) =>
    this.act('contact', { stage, method: 'phone', ...(note ? { note } : {}) }, handler(this.unit), at);
  reply = (at: string, solved = true) =>
    this.act(
      'reply',
      { content: '已处理', handlerName: '王办', handlerPhone: '0431-8888888', solved, ...(solved ? {} : { basis: '政策依据' }) },
      handler(this.unit),
      at,
    );
  /** R7: the reviewer's 审核, then the leader's 审签, at the same instant. */
  approve = (at: string) => this.act('reviewReply', {}, reviewer(this.unit), at).act('approveReply', {}, leader(this.unit), at);
  followUp = (satisfaction: Satisfaction, resolved: boolean, at: string, requester?: number) =>
    this.act('followUp', { satisfaction, resolved, ...(requester !== undefined ? { requester } : {}) }, people.followUp, at);
  returnIt = (at: string, disputed = false) => this.act('return', { reason: '不属于本单位职责', disputed }, handler(this.unit), at);
  transfer = (unit: string, at: string) => this.act('transfer', { unit }, people.dispatcher, at);
  designate = (unit: string, at: string) => this.act('designate', { unit }, people.supervisor, at);
  closeNonCompliant = (at: string) => this.act('closeNonCompliant', { reason: '诉求不合理，已解释' }, people.supervisor, at);

  /** Two effective contacts, reply, sign-off: from handling to follow-up. */
  handle(times: { first: string; final: string; reply: string; approve: string }): this {
    return this.contact('first', times.first).contact('final', times.final).reply(times.reply).approve(times.approve);
  }

  /** This ticket merged into `target` (合并派单): both sides, as the workflow does it. */
  mergeInto(target: Story, at: string): this {
    this.act('merge', { into: target.id }, people.operator, at);
    const moved = this.state.requesters.map((r) => ({ ...r, fromTicket: r.fromTicket ?? this.id }));
    const d = addRequesters(target.state, moved, { now: bj(at), actor: { id: this.id, role: 'system' }, via: 'signal' }, this.id);
    if (!d.ok) throw new Error(d.reason);
    target.commit(d.state);
    return this;
  }
}

/** Records every state of every story in order (as the workflow does after each change). */
export async function recordStories(db: LedgerDb, stories: Story[]): Promise<void> {
  for (const s of stories) for (const st of s.states) await recordTicket(db, st);
}
