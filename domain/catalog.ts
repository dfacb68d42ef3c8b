// The dispatch catalog (派单目录): which handling units exist, which request categories there are,
// which of them are dispatched directly within 15 minutes (直派, R1 in docs/RULES.md, seed 004), the
// districts and streets of the city, the situations outside the hotline's remit (超出职责范围,
// seed 003) and the other cities' hotlines a ticket may be transferred to (seed 004).
//
// Pure module: imports only `zod`, so it may be bundled into Temporal workflow code. No fs, no
// process, no clock. Loading the catalog from disk lives in config/catalog-source.ts.
import { z } from 'zod';
import { hierarchyIssues } from './unit-hierarchy';

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** A catalog code: letters, digits, '-', '_' or '.', starting with a letter or digit. */
export const codeSchema = z
  .string()
  .min(1, 'code must not be empty')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'code may contain only letters, digits, "-", "_" and "."');

const nameSchema = z.string().trim().min(1, 'name must not be empty');

/** 市、县(市)区、乡镇(街道) and 社区/村 (seeds 000, 002 四级办理机构, 003 直接传导到社区), highest first. */
export const unitLevelSchema = z.enum(['city', 'district', 'street', 'community']);
export const unitKindSchema = z.enum(['department', 'government', 'utility', 'street_office', 'community_committee']);

/** A handling unit (承办单位). */
export const unitSchema = z.object({
  code: codeSchema,
  name: nameSchema,
  level: unitLevelSchema,
  /** District code; required for district- and street-level units. */
  district: codeSchema.optional(),
  /** Street code; required for street- and community-level units. */
  street: codeSchema.optional(),
  /** Community code (社区/村); required for community-level units, one of its street's communities. */
  community: codeSchema.optional(),
  /** The unit it answers to (上级单位): a unit may pass a ticket down (下派) only to its own subordinates. */
  parent: codeSchema.optional(),
  kind: unitKindSchema,
  email: z.email(),
});

const codeMapSchema = z.record(codeSchema, codeSchema);

/** A request category (诉求类型 / 派单类型). */
export const categorySchema = z.object({
  code: codeSchema,
  name: nameSchema,
  /** On the direct-dispatch catalog (直接派单目录): dispatched within 15 minutes. */
  directDispatch: z.boolean(),
  /** districtCode → unitCode: the local county unit or utility receiving the direct dispatch. */
  directUnits: codeMapSchema.optional(),
  /** unitCode of the city department (市级行业主管部门) asked to supervise direct dispatches. */
  cityDepartment: codeSchema.optional(),
  /** districtCode → unitCode: suggested handling unit for dispatchers. */
  defaultUnits: codeMapSchema.optional(),
  /** 镇街直办 (seed 003): suggested to the street office of the ticket's street, when it names one. */
  streetDirect: z.boolean().optional(),
});

export const communitySchema = z.object({ code: codeSchema, name: nameSchema });
export const streetSchema = z.object({ code: codeSchema, name: nameSchema, communities: z.array(communitySchema).optional() });

/** A county-level district (区/县/市) with its government and its streets (街道/镇). */
export const districtSchema = z.object({
  code: codeSchema,
  name: nameSchema,
  /** unitCode of the district government (区人民政府), which supervises direct dispatches. */
  government: codeSchema,
  streets: z.array(streetSchema),
});

/** A situation outside the hotline's remit (超出职责范围): answered by the operator, not dispatched. */
export const outOfScopeSituationSchema = z.object({ code: codeSchema, name: nameSchema });

/** A city (own city, or another city's hotline for transfer-out). */
export const citySchema = z.object({ code: codeSchema, name: nameSchema });

const catalogObjectSchema = z.object({
  city: citySchema,
  categories: z.array(categorySchema),
  districts: z.array(districtSchema),
  units: z.array(unitSchema),
  outOfScopeSituations: z.array(outOfScopeSituationSchema),
  /** Other cities' hotlines a ticket may be transferred to (跨市转办). */
  cities: z.array(citySchema),
});

type CatalogShape = z.infer<typeof catalogObjectSchema>;
type Ctx = z.RefinementCtx<CatalogShape>;

function checkUnique(
  ctx: Ctx,
  items: readonly { code: string }[],
  path: (string | number)[],
  what: string,
  seen: Map<string, string> = new Map(),
): void {
  items.forEach((item, i) => {
    const here = formatPath([...path, i]);
    const first = seen.get(item.code);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'code'],
        message: `duplicate ${what} code '${item.code}' (already used at ${first})`,
      });
    } else {
      seen.set(item.code, here);
    }
  });
}

function crossCheck(cat: CatalogShape, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  // --- unique codes ---------------------------------------------------------------------------
  checkUnique(ctx, cat.units, ['units'], 'unit');
  checkUnique(ctx, cat.categories, ['categories'], 'category');
  checkUnique(ctx, cat.districts, ['districts'], 'district');
  const streetSeen = new Map<string, string>();
  cat.districts.forEach((d, di) => checkUnique(ctx, d.streets, ['districts', di, 'streets'], 'street', streetSeen));
  checkUnique(ctx, cat.outOfScopeSituations, ['outOfScopeSituations'], 'out-of-scope situation');
  checkUnique(ctx, cat.cities, ['cities'], 'city');
  cat.cities.forEach((c, i) => {
    if (c.code === cat.city.code) {
      issue(['cities', i, 'code'], `transfer city '${c.code}' is this catalog's own city`);
    }
  });

  const units = new Map(cat.units.map((u) => [u.code, u]));
  const districts = new Map(cat.districts.map((d) => [d.code, d]));

  // --- units: level / district / street consistency -------------------------------------------
  cat.units.forEach((u, i) => {
    if (u.level === 'city') {
      if (u.district !== undefined) {
        issue(['units', i, 'district'], `city-level unit '${u.code}' must not name a district (got '${u.district}')`);
      }
      if (u.street !== undefined) {
        issue(['units', i, 'street'], `city-level unit '${u.code}' must not name a street (got '${u.street}')`);
      }
    } else {
      if (u.district === undefined) {
        issue(['units', i, 'district'], `${u.level}-level unit '${u.code}' must name its district`);
      } else if (!districts.has(u.district)) {
        issue(['units', i, 'district'], `unit '${u.code}' names unknown district '${u.district}'`);
      }
    }
    if (u.level === 'district' && u.street !== undefined) {
      issue(['units', i, 'street'], `district-level unit '${u.code}' must not name a street (got '${u.street}')`);
    }
    if (u.level === 'street' || u.level === 'community') {
      if (u.street === undefined) {
        issue(['units', i, 'street'], `${u.level}-level unit '${u.code}' must name its street`);
      } else if (u.district !== undefined) {
        const d = districts.get(u.district);
        if (d && !d.streets.some((s) => s.code === u.street)) {
          issue(['units', i, 'street'], `unit '${u.code}' names street '${u.street}', which is not a street of district '${u.district}'`);
        }
      }
    }
    if (u.kind === 'street_office' && u.level !== 'street') {
      issue(['units', i, 'level'], `street office '${u.code}' must be street-level (got '${u.level}')`);
    }
  });
  hierarchyIssues(cat).forEach((h) => issue(h.path, h.message));

  // --- districts: government -----------------------------------------------------------------
  cat.districts.forEach((d, i) => {
    const g = units.get(d.government);
    if (!g) {
      issue(['districts', i, 'government'], `district '${d.code}' names unknown unit '${d.government}' as its government`);
    } else if (g.kind !== 'government' || g.level !== 'district' || g.district !== d.code) {
      issue(
        ['districts', i, 'government'],
        `unit '${d.government}' is not a district-level government unit of district '${d.code}' ` +
          `(kind '${g.kind}', level '${g.level}', district '${g.district ?? '-'}')`,
      );
    }
  });

  // --- categories: unit and district references ----------------------------------------------
  const checkUnitMap = (c: CategoryShape, i: number, field: 'directUnits' | 'defaultUnits'): void => {
    const map = c[field];
    if (!map) return;
    for (const [districtCode, unitCode] of Object.entries(map)) {
      const path = ['categories', i, field, districtCode];
      if (!districts.has(districtCode)) {
        issue(path, `category '${c.code}' ${field} names unknown district '${districtCode}'`);
      }
      const u = units.get(unitCode);
      if (!u) {
        issue(path, `category '${c.code}' ${field} for district '${districtCode}' names unknown unit '${unitCode}'`);
      } else if (u.level !== 'city' && u.district !== districtCode && districts.has(districtCode)) {
        issue(
          path,
          `category '${c.code}' ${field} for district '${districtCode}' names unit '${unitCode}', ` + `which belongs to district '${u.district}'`,
        );
      }
    }
  };

  cat.categories.forEach((c, i) => {
    checkUnitMap(c, i, 'directUnits');
    checkUnitMap(c, i, 'defaultUnits');

    if (c.cityDepartment !== undefined) {
      const u = units.get(c.cityDepartment);
      if (!u) {
        issue(['categories', i, 'cityDepartment'], `category '${c.code}' names unknown unit '${c.cityDepartment}' as city department`);
      } else if (u.level !== 'city' || u.kind !== 'department') {
        issue(
          ['categories', i, 'cityDepartment'],
          `category '${c.code}' cityDepartment '${c.cityDepartment}' is not a city-level department ` + `(kind '${u.kind}', level '${u.level}')`,
        );
      }
    }

    if (c.directDispatch) {
      if (c.cityDepartment === undefined) {
        issue(['categories', i, 'cityDepartment'], `direct-dispatch category '${c.code}' must name a cityDepartment to supervise`);
      }
      if (c.directUnits === undefined) {
        issue(['categories', i, 'directUnits'], `direct-dispatch category '${c.code}' must have directUnits for every district`);
      } else {
        for (const d of cat.districts) {
          if (!Object.prototype.hasOwnProperty.call(c.directUnits, d.code)) {
            issue(['categories', i, 'directUnits', d.code], `direct-dispatch category '${c.code}' has no direct unit for district '${d.code}'`);
          }
        }
      }
    } else {
      if (c.directUnits !== undefined) {
        issue(['categories', i, 'directUnits'], `category '${c.code}' has directUnits but directDispatch is false`);
      }
      if (c.cityDepartment !== undefined) {
        issue(['categories', i, 'cityDepartment'], `category '${c.code}' has a cityDepartment but directDispatch is false`);
      }
    }
  });
}

type CategoryShape = z.infer<typeof categorySchema>;

/** The whole catalog, with cross-reference checks. */
export const catalogSchema = catalogObjectSchema.superRefine(crossCheck);

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Unit = z.infer<typeof unitSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Street = z.infer<typeof streetSchema>;
export type Community = z.infer<typeof communitySchema>;
export type UnitLevel = z.infer<typeof unitLevelSchema>;
export type District = z.infer<typeof districtSchema>;
export type OutOfScopeSituation = z.infer<typeof outOfScopeSituationSchema>;
export type City = z.infer<typeof citySchema>;
export type Catalog = z.infer<typeof catalogSchema>;

export interface DirectDispatchTarget {
  /** The unit that receives the direct dispatch (local county unit or utility). */
  unit: string;
  /** Units asked to supervise at the same time: the district government, then the city department. */
  supervisors: string[];
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** `categories[3].directUnits.JB` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Thrown by parseCatalog; `issues` holds one `path: message` line per problem. */
export class CatalogValidationError extends Error {
  readonly issues: string[];
  constructor(issues: string[], prefix = 'Invalid dispatch catalog') {
    super(`${prefix} (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${issues.map((l) => `  - ${l}`).join('\n')}`);
    this.name = 'CatalogValidationError';
    this.issues = issues;
  }
}

/** The zod issues of a failed parse as `path: message` lines. */
export function catalogIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

/** Validates a catalog; throws CatalogValidationError listing every issue as `path: message`. */
export function parseCatalog(json: unknown): Catalog {
  const r = catalogSchema.safeParse(json);
  if (!r.success) throw new CatalogValidationError(catalogIssues(r.error));
  return r.data;
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

export function findUnit(cat: Catalog, code: string): Unit | undefined {
  return cat.units.find((u) => u.code === code);
}

export function findCategory(cat: Catalog, code: string): Category | undefined {
  return cat.categories.find((c) => c.code === code);
}

export function findDistrict(cat: Catalog, code: string): District | undefined {
  return cat.districts.find((d) => d.code === code);
}

/** A street and the district it belongs to. */
export function findStreet(cat: Catalog, code: string): { street: Street; district: District } | undefined {
  for (const district of cat.districts) {
    const street = district.streets.find((s) => s.code === code);
    if (street) return { street, district };
  }
  return undefined;
}

export function findOutOfScopeSituation(cat: Catalog, code: string): OutOfScopeSituation | undefined {
  return cat.outOfScopeSituations.find((s) => s.code === code);
}

/** Another city's hotline a ticket may be transferred to. */
export function findTransferCity(cat: Catalog, code: string): City | undefined {
  return cat.cities.find((c) => c.code === code);
}

/**
 * Where a direct-dispatch ticket goes (15-minute 直派) and who supervises it (district government +
 * city department, seed 004). Undefined when the category or district is unknown, or the category
 * is not on the direct-dispatch catalog.
 */
export function directDispatchTarget(cat: Catalog, categoryCode: string, districtCode: string): DirectDispatchTarget | undefined {
  const category = findCategory(cat, categoryCode);
  const district = findDistrict(cat, districtCode);
  if (!category || !district || !category.directDispatch) return undefined;
  const unit = category.directUnits?.[districtCode];
  if (unit === undefined) return undefined;
  const supervisors = [district.government];
  if (category.cityDepartment !== undefined && !supervisors.includes(category.cityDepartment)) {
    supervisors.push(category.cityDepartment);
  }
  return { unit, supervisors };
}

/**
 * The unit a dispatcher should be offered first for a category in a district: for a 镇街直办
 * category the street office of the ticket's street (seed 003), else the default unit, else the
 * direct-dispatch unit. Undefined when the catalog suggests none.
 */
export function suggestedUnit(cat: Catalog, categoryCode: string, districtCode: string, streetCode?: string): string | undefined {
  const category = findCategory(cat, categoryCode);
  if (!category) return undefined;
  const office = category.streetDirect && streetCode !== undefined ? streetOffice(cat, districtCode, streetCode) : undefined;
  return office ?? category.defaultUnits?.[districtCode] ?? category.directUnits?.[districtCode];
}

/** The street office (街道办事处 / 镇政府) of a street. */
export function streetOffice(cat: Catalog, districtCode: string, streetCode: string): string | undefined {
  return cat.units.find((u) => u.level === 'street' && u.district === districtCode && u.street === streetCode)?.code;
}

/** District- and street-level units located in a district (catalog order). */
export function unitsOfDistrict(cat: Catalog, districtCode: string): Unit[] {
  return cat.units.filter((u) => (u.level === 'district' || u.level === 'street') && u.district === districtCode);
}
