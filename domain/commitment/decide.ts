// The commitment's rules: who closes it, and what its timers do. State × command → new state or a
// refusal; the workflow (workflows/commitment.ts) is a shell around these.
import { z } from 'zod';
import type { Effect } from '../ticket/effects';
import { isUnitRole } from '../ticket/model';
import type { RejectionCode } from '../ticket/rejection';
import { CommitmentContext, CommitmentStart, CommitmentState, CommitmentStatus, commitmentStatuses } from './model';

const iso = (ms: number) => new Date(ms).toISOString();

export const fulfilSchema = z.object({
  commitment: z.number().int().min(1),
  /** What was done to keep the promise (办理结果). */
  done: z.string().trim().min(1).max(2000),
});
export type FulfilInput = z.infer<typeof fulfilSchema>;

export type CommitmentDecision =
  { ok: true; state: CommitmentState; effects: Effect[] } | { ok: false; code: RejectionCode; reason: string; status: CommitmentStatus };

const setStatus = (c: CommitmentState, s: CommitmentStatus) => {
  c.status = s;
  c.statusLabel = commitmentStatuses[s];
};

export function openCommitment(start: CommitmentStart): CommitmentState {
  return {
    ...start,
    status: 'open',
    statusLabel: commitmentStatuses.open,
    history: [{ at: start.registeredAt, action: 'register', by: start.registeredBy, note: start.content }],
  };
}

/** 履行承诺: only the unit that promised, once; on time when done by the end of the promised day. */
export function fulfil(c: CommitmentState, input: FulfilInput, ctx: CommitmentContext): CommitmentDecision {
  const refuse = (code: RejectionCode, reason: string): CommitmentDecision => ({ ok: false, code, reason, status: c.status });
  if (!isUnitRole(ctx.actor.role)) return refuse('forbidden', `角色 ${ctx.actor.role} 无权履行承诺：承诺由作出承诺的承办单位履行`);
  if (ctx.actor.unit !== c.unit) return refuse('forbidden', `承诺由 ${c.unit} 作出，只能由该单位履行（本单位：${ctx.actor.unit ?? '无'}）`);
  if (c.fulfilment) return refuse('conflict', `承诺事项已于 ${c.fulfilment.at} 履行，不能重复履行`);
  const next: CommitmentState = JSON.parse(JSON.stringify(c));
  next.fulfilment = { done: input.done, at: iso(ctx.now), by: ctx.actor.id, onTime: ctx.now <= Date.parse(c.dueAt) };
  setStatus(next, 'fulfilled');
  next.history.push({ at: iso(ctx.now), action: 'fulfil', by: ctx.actor.id, note: input.done });
  return { ok: true, state: next, effects: [] };
}

interface Timer {
  at: number;
  fire(c: CommitmentState, now: number): Effect[];
}

function timers(c: CommitmentState): Timer[] {
  if (c.status === 'fulfilled') return [];
  const due = Date.parse(c.dueAt);
  const list: Timer[] = [];
  if (!c.remindedAt && !c.overdueAt) {
    list.push({
      at: due - c.reminderHours * 3_600_000,
      fire(c, now) {
        c.remindedAt = iso(now);
        c.history.push({ at: iso(now), action: 'reminder', by: 'system' });
        return [{ kind: 'notify', event: 'commitment_reminder', units: [c.unit], detail: c.content, key: `${c.id}-reminder` }];
      },
    });
  }
  if (c.status === 'open') {
    list.push({
      at: due,
      fire(c, now) {
        c.overdueAt = iso(now);
        setStatus(c, 'overdue');
        c.history.push({ at: iso(now), action: 'overdue', by: 'system' });
        return [{ kind: 'notify', event: 'commitment_overdue', units: [c.unit], supervisors: true, detail: c.content, key: `${c.id}-overdue` }];
      },
    });
  }
  return list;
}

export const nextCommitmentWake = (c: CommitmentState): number | undefined => {
  const at = timers(c).map((t) => t.at);
  return at.length ? Math.min(...at) : undefined;
};

/** Every timer due at `now`, earliest first (a reminder whose time passed unseen still goes before the overdue flag). */
export function fireCommitmentTimers(c: CommitmentState, now: number): { state: CommitmentState; effects: Effect[] } {
  let state = c;
  const effects: Effect[] = [];
  for (let guard = 0; guard < 5; guard++) {
    const due = timers(state)
      .filter((t) => t.at <= now)
      .sort((a, b) => a.at - b.at)[0];
    if (!due) break;
    if (state === c) state = JSON.parse(JSON.stringify(c));
    effects.push(...due.fire(state, now));
  }
  return { state, effects };
}
