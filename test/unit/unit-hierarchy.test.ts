// Item 6 of #13: the unit hierarchy (seeds 000 三级, 002 四级办理机构, 003 直接传导到社区). The catalog's
// community level and parents, 镇街直办 at dispatch suggestion, and 下派 (assign-down) in the core:
// only to a subordinate of the lead unit, which stays accountable; the subordinate's handlers do
// the handling work.
import * as fs from 'node:fs';
import { CatalogValidationError, parseCatalog, suggestedUnit, type Catalog } from '../../domain/catalog';
import { ancestorsOf, subordinatesOf } from '../../domain/unit-hierarchy';
import { allowedActions, decide, defaultRules, TicketState, UnitFacts, unitFactsFor } from '../../domain/ticket';
import { DEFAULT_CATALOG_PATH } from '../../config/catalog-source';
import { act, actors, bj, calendar, contacted, handling, LEAD, must, replyInput, snapshot, T } from './ticket-fixtures';

const demo = (): Catalog => JSON.parse(fs.readFileSync(DEFAULT_CATALOG_PATH, 'utf8'));
const issuesOf = (mutate: (c: Catalog) => void): string[] => {
  const c = demo();
  mutate(c);
  try {
    parseCatalog(c);
  } catch (e) {
    return (e as CatalogValidationError).issues;
  }
  throw new Error('expected the catalog to be refused');
};
const unitAt = (c: Catalog, code: string) => c.units.findIndex((u) => u.code === code);

describe('catalog: levels and parents', () => {
  const c = parseCatalog(demo());

  it('has four levels, community units under their street office', () => {
    expect(new Set(c.units.map((u) => u.level))).toEqual(new Set(['city', 'district', 'street', 'community']));
    expect(c.units.find((u) => u.code === 'LJ-JB-BJ-HP')).toMatchObject({ level: 'community', street: 'JB-BJ', parent: 'LJ-JB-BJ-OFFICE' });
    expect(ancestorsOf(c.units, 'LJ-JB-BJ-HP')).toEqual(['LJ-JB-BJ-OFFICE', 'LJ-JB-GOV']);
    expect(ancestorsOf(c.units, 'LJ-HOUSING')).toEqual([]);
    expect(subordinatesOf(c.units, 'LJ-JB-BJ-OFFICE').map((u) => u.code)).toEqual(['LJ-JB-BJ-HP', 'LJ-JB-BJ-JX']);
  });

  it('refuses a parent that is unknown, not above the unit, or in another district or street', () => {
    const i = unitAt(demo(), 'LJ-JB-BJ-HP');
    expect(issuesOf((x) => (x.units[i]!.parent = 'NOPE'))).toContain(
      `units[${i}].parent: unit 'LJ-JB-BJ-HP' names unknown unit 'NOPE' as its parent`,
    );
    const j = unitAt(demo(), 'LJ-JB-BJ-OFFICE');
    expect(issuesOf((x) => (x.units[j]!.parent = 'LJ-JB-WH-OFFICE'))).toContain(
      `units[${j}].parent: parent 'LJ-JB-WH-OFFICE' of 'LJ-JB-BJ-OFFICE' must be above it (parent 'street', unit 'street')`,
    );
    expect(issuesOf((x) => (x.units[i]!.parent = 'LJ-JB-WH-OFFICE'))).toContain(
      `units[${i}].parent: parent 'LJ-JB-WH-OFFICE' of 'LJ-JB-BJ-HP' is not in its district or street`,
    );
    expect(issuesOf((x) => (x.units[j]!.parent = 'LJ-JN-GOV'))).toContain(
      `units[${j}].parent: parent 'LJ-JN-GOV' of 'LJ-JB-BJ-OFFICE' is not in its district or street`,
    );
  });

  it('refuses a community unit without its community, its parent, or with a community of another street', () => {
    const i = unitAt(demo(), 'LJ-JB-BJ-HP');
    expect(issuesOf((x) => delete x.units[i]!.parent)).toContain(
      `units[${i}].parent: community-level unit 'LJ-JB-BJ-HP' must name its parent (the street office)`,
    );
    expect(issuesOf((x) => delete x.units[i]!.community)).toContain(
      `units[${i}].community: community-level unit 'LJ-JB-BJ-HP' must name its community`,
    );
    expect(issuesOf((x) => (x.units[i]!.community = 'JN-NH-HB'))).toContain(
      `units[${i}].community: unit 'LJ-JB-BJ-HP' names community 'JN-NH-HB', which is not a community of street 'JB-BJ'`,
    );
    const j = unitAt(demo(), 'LJ-JB-URBAN');
    expect(issuesOf((x) => (x.units[j]!.kind = 'community_committee'))).toContain(
      `units[${j}].level: community committee 'LJ-JB-URBAN' must be community-level (got 'district')`,
    );
  });

  it('镇街直办: a street-direct category is suggested to the street office of the ticket’s street', () => {
    expect(suggestedUnit(c, 'NEIGHBORHOOD_ORDER', 'JB', 'JB-WH')).toBe('LJ-JB-WH-OFFICE');
    // Without a street: the district's default unit.
    expect(suggestedUnit(c, 'NEIGHBORHOOD_ORDER', 'JB')).toBe('LJ-JB-URBAN');
    // Other categories ignore the street.
    expect(suggestedUnit(c, 'PROPERTY_MANAGEMENT', 'JB', 'JB-WH')).toBe('LJ-JB-HOUSING');
  });

  it('unit facts: the acting unit and the units named, for the hierarchy’s actions only', () => {
    const street = { id: 'h', role: 'handler' as const, unit: 'LJ-JB-BJ-OFFICE' };
    expect(unitFactsFor(c, street, 'assignDown', { unit: 'LJ-JB-BJ-HP' })).toEqual({
      'LJ-JB-BJ-OFFICE': { level: 'street', district: 'JB', ancestors: ['LJ-JB-GOV'] },
      'LJ-JB-BJ-HP': { level: 'community', district: 'JB', ancestors: ['LJ-JB-BJ-OFFICE', 'LJ-JB-GOV'] },
    });
    expect(unitFactsFor(c, street, 'contact', { stage: 'first', method: 'phone' })).toBeUndefined();
  });
});

describe('下派 (assign-down) in the core', () => {
  const SUB = 'U-COMMUNITY';
  const facts: UnitFacts = { [LEAD]: { level: 'street', ancestors: ['U-GOV'] }, [SUB]: { level: 'community', ancestors: [LEAD, 'U-GOV'] } };
  const down = (s: TicketState, unit: string, units: UnitFacts | undefined = facts, actor = actors.handler) =>
    decide(s, 'assignDown', { unit, note: '请社区上门核实' }, { now: bj(T.first), actor, rules: defaultRules, calendar, via: 'update', units });
  const subHandler = { id: 'h-sub', role: 'handler' as const, unit: SUB };
  const subLeader = { id: 'l-sub', role: 'unit_leader' as const, unit: SUB };

  it('passes the ticket to a subordinate: the lead stays, the subordinate is told', () => {
    const d = down(handling(), SUB);
    if (!d.ok) throw new Error(d.reason);
    expect(d.state.leadUnit).toBe(LEAD);
    expect(d.state.status).toBe('handling');
    expect(d.state.delegates).toEqual([{ unit: SUB, at: new Date(bj(T.first)).toISOString(), by: 'h-1', note: '请社区上门核实' }]);
    expect(d.effects).toEqual([expect.objectContaining({ kind: 'notify', event: 'assigned_down', units: [SUB] })]);
  });

  it('the subordinate’s handler does the handling work; signing off, returning, whistling stay with the lead', () => {
    const s = (down(handling(), SUB) as { state: TicketState }).state;
    expect(allowedActions(s, subHandler)).toEqual(['contact', 'visit', 'note']);
    expect(allowedActions(s, subLeader)).toEqual([]);
    let t = must(s, 'contact', { stage: 'first', method: 'visit' }, subHandler, T.first).state;
    t = must(t, 'contact', { stage: 'final', method: 'phone' }, subHandler, T.final).state;
    const drafted = must(t, 'reply', replyInput, subHandler, T.reply).state;
    expect(drafted).toMatchObject({ status: 'reply_review', leadUnit: LEAD, reply: { by: 'h-sub' } });
    // R7: the lead unit's reviewer and leader review and sign off, not the subordinate's.
    expect(act(drafted, 'reviewReply', {}, { ...subLeader, role: 'reviewer' }, T.reply)).toMatchObject({ ok: false, check: 'scope' });
    const replied = must(drafted, 'reviewReply', {}, actors.reviewer, T.reply).state;
    expect(act(replied, 'approveReply', {}, subLeader, T.approve)).toMatchObject({ ok: false, check: 'scope' });
    expect(act(t, 'return', { reason: 'x' }, subHandler, T.final)).toMatchObject({ ok: false, check: 'scope' });
    expect(must(replied, 'approveReply', {}, actors.leader, T.approve).state.status).toBe('follow_up');
  });

  it('refuses a unit that is not below the lead, naming its parents; nothing changes', () => {
    const s = handling();
    const same = snapshot(s);
    const d = down(s, 'U-PEER', { ...facts, 'U-PEER': { level: 'street', ancestors: ['U-GOV'] } });
    expect(d).toMatchObject({ ok: false, code: 'conflict', check: 'rule', status: 'handling' });
    expect(!d.ok && d.reason).toBe('U-PEER 不是主办单位 U-WATER 的下级单位：只能下派给本单位的下级单位（上级：U-GOV）');
    same();
  });

  it('refuses without the catalog’s facts, twice to one unit, before signing for, and for a co-unit', () => {
    expect(down(handling(), SUB, {})).toMatchObject({ ok: false, check: 'rule', reason: '派单目录中查不到 U-COMMUNITY 的上级单位，无法下派' });
    const once = (down(handling(), SUB) as { state: TicketState }).state;
    expect(down(once, SUB)).toMatchObject({ ok: false, check: 'rule', reason: '工单已下派给 U-COMMUNITY' });
    const notSigned = must(contacted(), 'reply', replyInput, actors.handler, T.reply).state;
    expect(down(notSigned, SUB)).toMatchObject({ ok: false, check: 'status', status: 'reply_review' });
    expect(down(handling(), SUB, facts, actors.coHandler)).toMatchObject({ ok: false, code: 'forbidden', check: 'scope' });
  });
});
