// 下派 (seeds 002 四级办理机构, 003 直接传导到社区): the lead unit passes the ticket down to one of
// its own subordinate units and stays accountable for it. The subordinate's handlers then do the
// handling work on the ticket (contact, visit, reply, notes); signing for, returning, whistling,
// extensions and the sign-off stay with the lead unit. Pure.
import type { ActionInput, ActionName } from './actions';
import type { DecisionContext } from './decide';
import type { Effect } from './effects';
import type { Actor, TicketState } from './model';
import { conflict } from './rejection';
import { iso } from './transitions';

/** The lead unit's actions a subordinate's handler may take once the ticket was passed down to it. */
export const delegableActions: readonly ActionName[] = ['contact', 'visit', 'reply', 'note', 'attach'];

/** Whether `actor` is a handler of a unit the ticket was passed down to. */
export const isDelegate = (t: TicketState, actor: Pick<Actor, 'role' | 'unit'>): boolean =>
  actor.role === 'handler' && actor.unit !== undefined && (t.delegates ?? []).some((d) => d.unit === actor.unit);

export function assignDown(t: TicketState, input: ActionInput<'assignDown'>, ctx: DecisionContext): Effect[] {
  const lead = t.leadUnit!;
  const fact = ctx.units?.[input.unit];
  if (!fact) conflict(`派单目录中查不到 ${input.unit} 的上级单位，无法下派`);
  if (!fact!.ancestors.includes(lead)) {
    conflict(`${input.unit} 不是主办单位 ${lead} 的下级单位：只能下派给本单位的下级单位（上级：${fact!.ancestors.join('、') || '无'}）`);
  }
  if ((t.delegates ?? []).some((d) => d.unit === input.unit)) conflict(`工单已下派给 ${input.unit}`);
  t.delegates = [...(t.delegates ?? []), { unit: input.unit, at: iso(ctx.now), by: ctx.actor.id, note: input.note }];
  return [
    { kind: 'notify', event: 'assigned_down', units: [input.unit], detail: input.note, key: `assign-down-${t.counters.dispatches}-${input.unit}` },
  ];
}
