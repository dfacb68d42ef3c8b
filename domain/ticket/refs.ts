// The catalog check of the references the action table names (and of an intake's category,
// district and street): every code must be in the dispatch catalog. Pure: the API runs it before
// an Update, the worker for the admins' signals.
import type { Catalog } from '../catalog';
import { findCategory, findDistrict, findOutOfScopeSituation, findTransferCity, findUnit } from '../catalog';
import { actions, ActionName, RefKind } from './actions';
import type { Intake } from './intake';
import type { FieldIssue } from './rejection';

type CatalogKind = Exclude<RefKind, 'ticket'>;

const kindLabel: Record<CatalogKind, string> = {
  unit: '承办单位（catalog units）',
  situation: '超出职责范围情形（catalog outOfScopeSituations）',
  city: '可转办城市（catalog cities）',
};

const exists: Record<CatalogKind, (c: Catalog, code: string) => boolean> = {
  unit: (c, code) => findUnit(c, code) !== undefined,
  situation: (c, code) => findOutOfScopeSituation(c, code) !== undefined,
  city: (c, code) => findTransferCity(c, code) !== undefined,
};

/** The input field of `action` that names another ticket (merge), if any. */
export const ticketRef = (action: ActionName): string | undefined => actions[action].refs?.find((r) => r.kind === 'ticket')?.field;

/** One issue per catalog code in `input` that the catalog does not know. */
export function checkActionRefs(catalog: Catalog, action: ActionName, input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const body = (input ?? {}) as Record<string, unknown>;
  for (const { field, kind } of actions[action].refs ?? []) {
    if (kind === 'ticket') continue;
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
