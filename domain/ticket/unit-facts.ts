// What the core needs to know about units from the dispatch catalog to judge the hierarchy's rules
// (下派 to a subordinate, 吹哨 from a street to the district or city): each unit's level and the
// units above it. The catalog is the API's and the worker's, never the workflow's: the API looks
// the facts up for the units a command names (and the acting unit) and sends them with the command,
// as it sends the actor, so the workflow decides synchronously and replays what it decided.
import type { Catalog, UnitLevel } from '../catalog';
import { findUnit } from '../catalog';
import { ancestorsOf } from '../unit-hierarchy';
import { actions, ActionName } from './actions';
import type { Actor } from './model';

export interface UnitFact {
  level: UnitLevel;
  district?: string;
  /** The units above it, its parent first (domain/unit-hierarchy.ts). */
  ancestors: string[];
}
export type UnitFacts = Record<string, UnitFact>;

/** The actions whose rules read unit facts. */
export const unitFactActions: readonly ActionName[] = ['assignDown', 'whistle'];

/** The facts of the acting unit and of every unit the input names; undefined for other actions. */
export function unitFactsFor(catalog: Catalog, actor: Actor, action: ActionName, input: unknown): UnitFacts | undefined {
  if (!unitFactActions.includes(action)) return undefined;
  const body = (input ?? {}) as Record<string, unknown>;
  const named = (actions[action].refs ?? []).filter((r) => r.kind === 'unit').flatMap((r) => [body[r.field]].flat());
  const facts: UnitFacts = {};
  for (const code of [actor.unit, ...named]) {
    const unit = typeof code === 'string' ? findUnit(catalog, code) : undefined;
    if (unit) facts[unit.code] = { level: unit.level, district: unit.district, ancestors: ancestorsOf(catalog.units, unit.code) };
  }
  return facts;
}
