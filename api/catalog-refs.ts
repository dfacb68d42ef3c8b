// Which fields of the action bodies and of an intake name something in the dispatch catalog, and
// the check that they exist. A table, like the action table it complements: the routes are
// generated, so is this check, and the OpenAPI document states it next to each action.
import type { Catalog } from '../domain/catalog';
import { findCategory, findDistrict, findOutOfScopeSituation, findTransferCity, findUnit } from '../domain/catalog';
import type { ActionName, Intake } from '../domain/ticket';
import type { FieldIssue } from './errors';

export type RefKind = 'unit' | 'situation' | 'city';

export const catalogRefs: { readonly [A in ActionName]?: readonly { field: string; kind: RefKind }[] } = {
  dispatch: [
    { field: 'unit', kind: 'unit' },
    { field: 'coUnits', kind: 'unit' },
  ],
  transfer: [{ field: 'unit', kind: 'unit' }],
  designate: [{ field: 'unit', kind: 'unit' }],
  whistle: [{ field: 'department', kind: 'unit' }],
  consultationOutcome: [{ field: 'unit', kind: 'unit' }],
  outOfScope: [{ field: 'situation', kind: 'situation' }],
  transferOut: [{ field: 'city', kind: 'city' }],
};

/** Body fields naming another ticket, which must exist and be open (merge). */
export const ticketRefs: { readonly [A in ActionName]?: string } = { merge: 'into' };

const kindLabel: Record<RefKind, string> = {
  unit: '承办单位（catalog units）',
  situation: '超出职责范围情形（catalog outOfScopeSituations）',
  city: '可转办城市（catalog cities）',
};

const exists: Record<RefKind, (c: Catalog, code: string) => boolean> = {
  unit: (c, code) => findUnit(c, code) !== undefined,
  situation: (c, code) => findOutOfScopeSituation(c, code) !== undefined,
  city: (c, code) => findTransferCity(c, code) !== undefined,
};

/** One issue per catalog code in `input` that the catalog does not know. */
export function checkActionRefs(catalog: Catalog, action: ActionName, input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const body = (input ?? {}) as Record<string, unknown>;
  for (const { field, kind } of catalogRefs[action] ?? []) {
    const value = body[field];
    const codes = Array.isArray(value) ? value.map((v, i) => [`${field}[${i}]`, v] as const) : [[field, value] as const];
    for (const [path, code] of codes) {
      if (typeof code === 'string' && !exists[kind](catalog, code)) {
        issues.push({ path, message: `'${code}' 不是派单目录中的${kindLabel[kind]}` });
      }
    }
  }
  return issues;
}

/** Category, district and street of an intake must be in the catalog, the street in its district. */
export function checkIntakeRefs(catalog: Catalog, intake: Intake): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!findCategory(catalog, intake.category)) {
    issues.push({ path: 'category', message: `'${intake.category}' 不是派单目录中的诉求类型` });
  }
  const district = findDistrict(catalog, intake.location.district);
  if (!district) {
    issues.push({ path: 'location.district', message: `'${intake.location.district}' 不是派单目录中的区县` });
  } else if (intake.location.street !== undefined && !district.streets.some((s) => s.code === intake.location.street)) {
    issues.push({ path: 'location.street', message: `'${intake.location.street}' 不是 ${district.code}（${district.name}）的街道` });
  }
  return issues;
}
