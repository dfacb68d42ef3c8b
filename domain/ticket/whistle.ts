// R17 吹哨 (seed 003: 由街(镇)…"吹哨"提级，交区市负责协调办理): a street (镇街) that cannot settle a
// matter on its own blows the whistle and names a district or city department; that department
// becomes the coordinator — the lead unit, with fresh deadlines — and the street stays on the ticket
// as a co-unit. Only a street-level lead may whistle. Each whistle is kept on the ticket (and so in
// the ledger's events) and counted per street. Pure.
import type { ActionInput } from './actions';
import type { DecisionContext } from './decide';
import type { Effect } from './effects';
import type { TicketState } from './model';
import { conflict } from './rejection';
import { assignUnit, iso } from './transitions';
import { unitLevelLabels } from '../unit-hierarchy';

export function whistle(t: TicketState, input: ActionInput<'whistle'>, ctx: DecisionContext): Effect[] {
  const dept = input.department;
  const notify: Effect = { kind: 'notify', event: 'whistle', units: [dept], detail: input.note, key: `whistle-${dept}` };
  if (!ctx.whistleEscalates) {
    // Tickets that whistled before the whistle-escalation-v1 patch: the department joined as a co-unit.
    if (dept === t.leadUnit || t.coUnits.includes(dept)) conflict(`${dept} 已是本工单的承办单位`);
    t.coUnits.push(dept);
    return [notify];
  }
  const street = t.leadUnit!;
  if (dept === street) conflict(`${dept} 已是本工单的主办单位`);
  const s = ctx.units?.[street];
  const d = ctx.units?.[dept];
  if (!s || !d) conflict(`派单目录中查不到 ${!s ? street : dept} 的层级，无法吹哨`);
  if (s!.level !== 'street') {
    conflict(`只有镇街（街道办事处、乡镇）可以吹哨提级：主办单位 ${street} 是${unitLevelLabels[s!.level]}单位`);
  }
  if (d!.level !== 'district' && d!.level !== 'city') {
    conflict(`吹哨须指名区县级或市级部门：${dept} 是${unitLevelLabels[d!.level]}单位`);
  }
  if (d!.level === 'district' && d!.district !== s!.district) conflict(`${dept} 不是本区（${s!.district}）的部门，不能应哨`);
  t.whistles = [...(t.whistles ?? []), { street, department: dept, at: iso(ctx.now), by: ctx.actor.id, note: input.note }];
  // The department coordinates from now on: it signs for the ticket afresh, the street stays with it.
  assignUnit(t, dept, [street, ...t.coUnits], ctx, false);
  return [{ ...notify, key: `whistle-${t.whistles.length}-${dept}` }];
}
