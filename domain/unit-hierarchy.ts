// The handling units as a hierarchy (seeds 000 市、县(市)区、乡镇(街道)三级, 002 四级办理机构,
// 003 直接传导到社区): each unit may name its parent (上级单位), one level up or more. A unit passes a
// ticket down (下派) only to units below it; a street (镇街) whistles (吹哨) up to the district or
// city. Pure, imports nothing but types: bundled into workflow code with the catalog.
import type { Catalog, Unit, UnitLevel } from './catalog';

/** Highest first: a parent's rank is lower than its child's. */
export const levelRank: Record<UnitLevel, number> = { city: 0, district: 1, street: 2, community: 3 };

export const unitLevelLabels: Record<UnitLevel, string> = { city: '市级', district: '区县级', street: '镇街级', community: '社区（村）级' };

type HierarchyShape = Pick<Catalog, 'units' | 'districts'>;
interface HierarchyIssue {
  path: (string | number)[];
  message: string;
}

/** A parent is a level up or more, or the government of the unit's own level (区政府 → 区住建局). */
const isAbove = (p: Unit, u: Unit): boolean =>
  levelRank[p.level] < levelRank[u.level] || (levelRank[p.level] === levelRank[u.level] && p.kind === 'government' && u.kind !== 'government');

/** What the catalog's cross-check adds for levels and parents. */
export function hierarchyIssues(cat: HierarchyShape): HierarchyIssue[] {
  const out: HierarchyIssue[] = [];
  const units = new Map(cat.units.map((u) => [u.code, u]));
  cat.units.forEach((u, i) => {
    const at = (field: string) => ['units', i, field];
    if (u.kind === 'community_committee' && u.level !== 'community') {
      out.push({ path: at('level'), message: `community committee '${u.code}' must be community-level (got '${u.level}')` });
    }
    if (u.level !== 'community' && u.community !== undefined) {
      out.push({ path: at('community'), message: `${u.level}-level unit '${u.code}' must not name a community (got '${u.community}')` });
    }
    if (u.level === 'community') {
      const street = cat.districts.find((d) => d.code === u.district)?.streets.find((s) => s.code === u.street);
      if (u.community === undefined) out.push({ path: at('community'), message: `community-level unit '${u.code}' must name its community` });
      else if (street && !(street.communities ?? []).some((c) => c.code === u.community)) {
        out.push({
          path: at('community'),
          message: `unit '${u.code}' names community '${u.community}', which is not a community of street '${u.street}'`,
        });
      }
      if (u.parent === undefined)
        out.push({ path: at('parent'), message: `community-level unit '${u.code}' must name its parent (the street office)` });
    }
    if (u.parent === undefined) return;
    const p = units.get(u.parent);
    if (!p) {
      out.push({ path: at('parent'), message: `unit '${u.code}' names unknown unit '${u.parent}' as its parent` });
    } else if (!isAbove(p, u)) {
      out.push({ path: at('parent'), message: `parent '${p.code}' of '${u.code}' must be above it (parent '${p.level}', unit '${u.level}')` });
    } else if ((p.level !== 'city' && p.district !== u.district) || (levelRank[p.level] >= levelRank.street && p.street !== u.street)) {
      out.push({ path: at('parent'), message: `parent '${p.code}' of '${u.code}' is not in its district or street` });
    }
  });
  return out;
}

/** The units above `code`, its parent first. Empty for a unit with no parent or not in the catalog. */
export function ancestorsOf(units: readonly Unit[], code: string): string[] {
  const out: string[] = [];
  // Parents rise (hierarchyIssues), so the chain is short; the bound keeps an unchecked catalog finite.
  for (let u = units.find((x) => x.code === code); u?.parent !== undefined && out.length < 8;) {
    out.push(u.parent);
    const parent = u.parent;
    u = units.find((x) => x.code === parent);
  }
  return out;
}

/** Every unit below `code` (its children, theirs, …), in catalog order. */
export function subordinatesOf(units: readonly Unit[], code: string): Unit[] {
  return units.filter((u) => ancestorsOf(units, u.code).includes(code));
}
