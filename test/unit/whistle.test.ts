// R17 吹哨 (seed 003: 由街(镇)…"吹哨"提级，交区市负责协调办理): only a street-level lead may whistle;
// the named district (of its own district) or city department becomes the lead with fresh
// deadlines, the street stays as a co-unit; each whistle is kept on the ticket. Refusals change nothing.
import { decide, defaultRules, TicketState, UnitFacts } from '../../domain/ticket';
import { actors, bj, bjIso, calendar, CO, handling, LEAD, snapshot } from './ticket-fixtures';

const DEPT = 'U-D-URBAN';
const CITY = 'U-CITY-URBAN';
const facts: UnitFacts = {
  [LEAD]: { level: 'street', district: 'D-01', ancestors: ['U-D-GOV'] },
  [DEPT]: { level: 'district', district: 'D-01', ancestors: ['U-D-GOV'] },
  [CITY]: { level: 'city', ancestors: [] },
  'U-D2-URBAN': { level: 'district', district: 'D-02', ancestors: [] },
  'U-COMMUNITY': { level: 'community', district: 'D-01', ancestors: [LEAD] },
  'U-STREET-2': { level: 'street', district: 'D-01', ancestors: ['U-D-GOV'] },
};
const AT = '2026-10-08T10:00';
const blow = (s: TicketState, department: string, units: UnitFacts = facts, escalates = true) =>
  decide(
    s,
    'whistle',
    { department, note: '违建涉及多部门，需区城管牵头' },
    {
      now: bj(AT),
      actor: actors.handler,
      rules: defaultRules,
      calendar,
      via: 'update',
      units,
      whistleEscalates: escalates,
    },
  );

describe('吹哨 escalates', () => {
  it('the district department leads with fresh deadlines; the street and the co-units stay', () => {
    const before = handling();
    const d = blow(before, DEPT);
    if (!d.ok) throw new Error(d.reason);
    const t = d.state;
    expect(t).toMatchObject({ status: 'dispatched', leadUnit: DEPT, coUnits: [LEAD, CO], dispatchedAt: bjIso(AT) });
    expect(t.deadlines.replyBy).not.toBe(before.deadlines.replyBy);
    expect(Date.parse(t.deadlines.replyBy!)).toBeGreaterThan(Date.parse(before.deadlines.replyBy!));
    expect(t.counters.dispatches).toBe(before.counters.dispatches + 1);
    expect(t.whistles).toEqual([{ street: LEAD, department: DEPT, at: bjIso(AT), by: 'h-1', note: '违建涉及多部门，需区城管牵头' }]);
    expect(d.effects).toEqual([expect.objectContaining({ kind: 'notify', event: 'whistle', units: [DEPT] })]);
  });

  it('a city department may be named; a co-unit already on the ticket is pulled up to lead', () => {
    expect(blow(handling(), CITY)).toMatchObject({ ok: true, state: { leadUnit: CITY, coUnits: [LEAD, CO] } });
    const withCo = handling();
    withCo.coUnits = [DEPT];
    expect(blow(withCo, DEPT)).toMatchObject({ ok: true, state: { leadUnit: DEPT, coUnits: [LEAD] } });
  });

  const refusedWith = (s: TicketState, dept: string, reason: string, units: UnitFacts = facts) => {
    const same = snapshot(s);
    expect(blow(s, dept, units)).toMatchObject({ ok: false, code: 'conflict', check: 'rule', status: s.status, reason });
    same();
  };

  it('refuses a lead that is not a street', () => {
    refusedWith(handling(), DEPT, '只有镇街（街道办事处、乡镇）可以吹哨提级：主办单位 U-WATER 是区县级单位', {
      ...facts,
      [LEAD]: { level: 'district', district: 'D-01', ancestors: [] },
    });
  });

  it('refuses a street or community, another district’s department, the lead itself, unknown levels', () => {
    refusedWith(handling(), 'U-STREET-2', '吹哨须指名区县级或市级部门：U-STREET-2 是镇街级单位');
    refusedWith(handling(), 'U-COMMUNITY', '吹哨须指名区县级或市级部门：U-COMMUNITY 是社区（村）级单位');
    refusedWith(handling(), 'U-D2-URBAN', 'U-D2-URBAN 不是本区（D-01）的部门，不能应哨');
    refusedWith(handling(), LEAD, 'U-WATER 已是本工单的主办单位');
    refusedWith(handling(), 'U-NOWHERE', '派单目录中查不到 U-NOWHERE 的层级，无法吹哨');
  });

  it('tickets from before the patch: the department joins as a co-unit, whatever the levels', () => {
    expect(blow(handling(), DEPT, {}, false)).toMatchObject({ ok: true, state: { leadUnit: LEAD, coUnits: [CO, DEPT] } });
    expect((blow(handling(), DEPT, {}, false) as { state: TicketState }).state.whistles).toBeUndefined();
  });
});
