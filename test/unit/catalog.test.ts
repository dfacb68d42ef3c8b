import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CatalogValidationError,
  directDispatchTarget,
  findCategory,
  findDistrict,
  findOutOfScopeSituation,
  findStreet,
  findTransferCity,
  findUnit,
  parseCatalog,
  suggestedUnit,
  unitsOfDistrict,
  type Catalog,
} from '../../domain/catalog';
import { CATALOG_ENV, DEFAULT_CATALOG_PATH, catalogPath, clearCatalogCache, loadCatalog } from '../../config/catalog-source';

const demoJson = (): Catalog => JSON.parse(fs.readFileSync(DEFAULT_CATALOG_PATH, 'utf8'));

/** The error message parseCatalog throws for a copy of the demo catalog broken by `mutate`. */
function errorOf(mutate: (c: Catalog) => void): string {
  const c = demoJson();
  mutate(c);
  try {
    parseCatalog(c);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogValidationError);
    return (e as Error).message;
  }
  throw new Error('expected parseCatalog to throw');
}

const idx = <T extends { code: string }>(items: T[], code: string): number => {
  const i = items.findIndex((x) => x.code === code);
  if (i < 0) throw new Error(`fixture: ${code} not found`);
  return i;
};

describe('demo catalog', () => {
  it('parses, with the expected shape', () => {
    const c = parseCatalog(demoJson());
    expect(c.city).toEqual({ code: 'LJ', name: '临江市' });
    expect(c.districts.map((d) => d.code)).toEqual(['JB', 'JN', 'LG']);
    expect(c.units.length).toBeGreaterThanOrEqual(12);
    expect(c.categories.length).toBeGreaterThanOrEqual(10);
    expect(c.outOfScopeSituations.length).toBeGreaterThanOrEqual(10);
    expect(c.cities.length).toBeGreaterThanOrEqual(3);
    // all four levels (四级办理机构) and all five kinds are represented
    expect(new Set(c.units.map((u) => u.level))).toEqual(new Set(['city', 'district', 'street', 'community']));
    expect(new Set(c.units.map((u) => u.kind))).toEqual(new Set(['department', 'government', 'utility', 'street_office', 'community_committee']));
    // the direct-dispatch categories of R1 (docs/RULES.md)
    const direct = c.categories.filter((x) => x.directDispatch).map((x) => x.code);
    expect(direct).toEqual(
      expect.arrayContaining([
        'WATER_OUTAGE',
        'POWER_OUTAGE',
        'GAS_FAULT',
        'TELECOM_OUTAGE',
        'NIGHT_CONSTRUCTION_NOISE',
        'PUBLIC_SAFETY_HAZARD',
        'ROAD_TRAFFIC',
        'PUBLIC_FACILITY_DAMAGE',
      ]),
    );
    expect(c.categories.some((x) => !x.directDispatch)).toBe(true);
    // no real addresses
    for (const u of c.units) expect(u.email).toMatch(/\.example(\.|$)/);
  });

  it('loads through loadCatalog by default, cached and frozen', () => {
    clearCatalogCache();
    const saved = process.env[CATALOG_ENV];
    delete process.env[CATALOG_ENV];
    try {
      const a = loadCatalog();
      expect(a.city.code).toBe('LJ');
      expect(loadCatalog()).toBe(a);
      expect(Object.isFrozen(a.units[0])).toBe(true);
    } finally {
      if (saved !== undefined) process.env[CATALOG_ENV] = saved;
    }
  });
});

describe('cross-checks', () => {
  it('rejects a duplicate unit code', () => {
    const msg = errorOf((c) => {
      c.units.push({ ...c.units[0]! });
    });
    expect(msg).toMatch(
      new RegExp(`units\\[${demoJson().units.length}\\]\\.code: duplicate unit code 'LJ-HOUSING' \\(already used at units\\[0\\]\\)`),
    );
  });

  it('rejects duplicate category, district, street, situation and city codes', () => {
    const msg = errorOf((c) => {
      c.categories.push({ ...c.categories[1]! });
      c.districts[2]!.streets.push({ code: 'JB-BJ', name: '重复街道' });
      c.outOfScopeSituations.push({ ...c.outOfScopeSituations[0]! });
      c.cities.push({ ...c.cities[0]! });
    });
    expect(msg).toContain("duplicate category code 'POWER_OUTAGE'");
    expect(msg).toMatch(/districts\[2\]\.streets\[\d+\]\.code: duplicate street code 'JB-BJ' \(already used at districts\[0\]\.streets\[0\]\)/);
    expect(msg).toContain("duplicate out-of-scope situation code 'OOS-LITIGATION'");
    expect(msg).toContain("duplicate city code 'LH'");

    const own = errorOf((c) => {
      c.cities.push({ code: 'LJ', name: '临江市' });
    });
    expect(own).toMatch(/cities\[\d+\]\.code: transfer city 'LJ' is this catalog's own city/);

    const dupDistrict = errorOf((c) => {
      c.districts.push({ ...c.districts[0]!, streets: [] });
    });
    expect(dupDistrict).toMatch(/districts\[3\]\.code: duplicate district code 'JB'/);
  });

  it('rejects an unknown unit in directUnits', () => {
    const c0 = demoJson();
    const i = idx(c0.categories, 'WATER_OUTAGE');
    const msg = errorOf((c) => {
      c.categories[i]!.directUnits!.JN = 'LJ-NOPE';
    });
    expect(msg).toContain(`categories[${i}].directUnits.JN: category 'WATER_OUTAGE' directUnits for district 'JN' names unknown unit 'LJ-NOPE'`);
  });

  it('rejects an unknown unit in defaultUnits, and an unknown district key', () => {
    const i = idx(demoJson().categories, 'WAGE_ARREARS');
    const msg = errorOf((c) => {
      c.categories[i]!.defaultUnits!.JB = 'LJ-GHOST';
      c.categories[i]!.defaultUnits!.XX = 'LJ-HRSS';
    });
    expect(msg).toContain(`categories[${i}].defaultUnits.JB: category 'WAGE_ARREARS' defaultUnits for district 'JB' names unknown unit 'LJ-GHOST'`);
    expect(msg).toContain(`categories[${i}].defaultUnits.XX: category 'WAGE_ARREARS' defaultUnits names unknown district 'XX'`);
  });

  it("rejects a district unit mapped to another district's tickets", () => {
    const i = idx(demoJson().categories, 'PUBLIC_FACILITY_DAMAGE');
    const msg = errorOf((c) => {
      c.categories[i]!.directUnits!.JN = 'LJ-JB-URBAN';
    });
    expect(msg).toContain(
      `categories[${i}].directUnits.JN: category 'PUBLIC_FACILITY_DAMAGE' directUnits for district 'JN' names unit 'LJ-JB-URBAN', which belongs to district 'JB'`,
    );
  });

  it('rejects an unknown or non-city cityDepartment', () => {
    const i = idx(demoJson().categories, 'GAS_FAULT');
    expect(
      errorOf((c) => {
        c.categories[i]!.cityDepartment = 'LJ-MISSING';
      }),
    ).toContain(`categories[${i}].cityDepartment: category 'GAS_FAULT' names unknown unit 'LJ-MISSING' as city department`);
    expect(
      errorOf((c) => {
        c.categories[i]!.cityDepartment = 'LJ-JB-URBAN';
      }),
    ).toContain(`categories[${i}].cityDepartment: category 'GAS_FAULT' cityDepartment 'LJ-JB-URBAN' is not a city-level department`);
  });

  it('rejects an unknown district government, or one that is not that district’s government', () => {
    expect(
      errorOf((c) => {
        c.districts[1]!.government = 'LJ-JN-NOGOV';
      }),
    ).toContain("districts[1].government: district 'JN' names unknown unit 'LJ-JN-NOGOV' as its government");
    expect(
      errorOf((c) => {
        c.districts[1]!.government = 'LJ-JB-GOV';
      }),
    ).toContain("districts[1].government: unit 'LJ-JB-GOV' is not a district-level government unit of district 'JN'");
  });

  it('rejects a direct-dispatch category missing a district or the city department', () => {
    const i = idx(demoJson().categories, 'TELECOM_OUTAGE');
    const msg = errorOf((c) => {
      delete c.categories[i]!.directUnits!.LG;
      delete c.categories[i]!.cityDepartment;
    });
    expect(msg).toContain(`categories[${i}].directUnits.LG: direct-dispatch category 'TELECOM_OUTAGE' has no direct unit for district 'LG'`);
    expect(msg).toContain(`categories[${i}].cityDepartment: direct-dispatch category 'TELECOM_OUTAGE' must name a cityDepartment to supervise`);

    const none = errorOf((c) => {
      delete c.categories[i]!.directUnits;
    });
    expect(none).toContain(`categories[${i}].directUnits: direct-dispatch category 'TELECOM_OUTAGE' must have directUnits for every district`);
  });

  it('requires every direct-dispatch category to cover a newly added district', () => {
    const msg = errorOf((c) => {
      c.units.push({
        code: 'LJ-XC-GOV',
        name: '临江市新城区人民政府',
        level: 'district',
        district: 'XC',
        kind: 'government',
        email: 'xc-gov@lj.example.gov.cn',
      });
      c.districts.push({ code: 'XC', name: '新城区', government: 'LJ-XC-GOV', streets: [] });
    });
    for (const code of ['WATER_OUTAGE', 'ROAD_TRAFFIC', 'PUBLIC_FACILITY_DAMAGE']) {
      expect(msg).toMatch(
        new RegExp(`categories\\[\\d+\\]\\.directUnits\\.XC: direct-dispatch category '${code}' has no direct unit for district 'XC'`),
      );
    }
  });

  it('rejects direct-dispatch fields on a category that is not direct-dispatch', () => {
    const i = idx(demoJson().categories, 'CONSUMER_RIGHTS');
    const msg = errorOf((c) => {
      c.categories[i]!.cityDepartment = 'LJ-SAMR';
    });
    expect(msg).toContain(`categories[${i}].cityDepartment: category 'CONSUMER_RIGHTS' has a cityDepartment but directDispatch is false`);
  });

  it('rejects a street-level unit whose street is not in its district', () => {
    const i = idx(demoJson().units, 'LJ-JN-NH-OFFICE');
    const msg = errorOf((c) => {
      c.units[i]!.street = 'JB-BJ';
    });
    expect(msg).toContain(`units[${i}].street: unit 'LJ-JN-NH-OFFICE' names street 'JB-BJ', which is not a street of district 'JN'`);
    expect(
      errorOf((c) => {
        delete c.units[i]!.street;
      }),
    ).toContain(`units[${i}].street: street-level unit 'LJ-JN-NH-OFFICE' must name its street`);
  });

  it('rejects unit/district inconsistencies', () => {
    const i = idx(demoJson().units, 'LJ-LG-URBAN');
    expect(
      errorOf((c) => {
        delete c.units[i]!.district;
      }),
    ).toContain(`units[${i}].district: district-level unit 'LJ-LG-URBAN' must name its district`);
    expect(
      errorOf((c) => {
        c.units[i]!.district = 'ZZ';
      }),
    ).toContain(`units[${i}].district: unit 'LJ-LG-URBAN' names unknown district 'ZZ'`);
    expect(
      errorOf((c) => {
        c.units[0]!.district = 'JB';
      }),
    ).toContain("units[0].district: city-level unit 'LJ-HOUSING' must not name a district (got 'JB')");
  });

  it('reports structural errors with their path', () => {
    const msg = errorOf((c) => {
      c.units[2]!.email = 'not-an-email';
      (c.categories[0] as { directDispatch: unknown }).directDispatch = 'yes';
    });
    expect(msg).toMatch(/units\[2\]\.email: /);
    expect(msg).toMatch(/categories\[0\]\.directDispatch: /);
  });

  it('lists every issue, one `path: message` line each', () => {
    try {
      parseCatalog({ ...demoJson(), units: [] });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogValidationError);
      const err = e as CatalogValidationError;
      // 3 governments + direct units + defaults all dangling
      expect(err.issues.length).toBeGreaterThan(10);
      for (const line of err.issues) expect(err.message).toContain(line);
      expect(err.message.split('\n').slice(1)).toHaveLength(err.issues.length);
    }
  });
});

describe('lookups', () => {
  const c = parseCatalog(demoJson());

  it('finds units, categories, districts, streets, situations, cities', () => {
    expect(findUnit(c, 'LJ-WATER')).toMatchObject({ kind: 'utility', level: 'city', name: '临江市自来水有限公司' });
    expect(findUnit(c, 'NOPE')).toBeUndefined();
    expect(findCategory(c, 'WATER_OUTAGE')).toMatchObject({ directDispatch: true, cityDepartment: 'LJ-HOUSING' });
    expect(findCategory(c, 'NOPE')).toBeUndefined();
    expect(findDistrict(c, 'JN')).toMatchObject({ name: '江南区', government: 'LJ-JN-GOV' });
    expect(findDistrict(c, 'NOPE')).toBeUndefined();
    expect(findStreet(c, 'LG-GQ')?.district.code).toBe('LG');
    expect(findStreet(c, 'NOPE')).toBeUndefined();
    expect(findOutOfScopeSituation(c, 'OOS-MILITARY')?.name).toContain('军队');
    expect(findTransferCity(c, 'JZ')?.name).toBe('江州市');
    expect(findTransferCity(c, 'LJ')).toBeUndefined();
  });

  it('directDispatchTarget: the local unit, supervised by the district government and the city department', () => {
    expect(directDispatchTarget(c, 'WATER_OUTAGE', 'JB')).toEqual({ unit: 'LJ-WATER', supervisors: ['LJ-JB-GOV', 'LJ-HOUSING'] });
    expect(directDispatchTarget(c, 'NIGHT_CONSTRUCTION_NOISE', 'JN')).toEqual({ unit: 'LJ-JN-URBAN', supervisors: ['LJ-JN-GOV', 'LJ-URBAN'] });
    expect(directDispatchTarget(c, 'PUBLIC_SAFETY_HAZARD', 'LG')).toEqual({ unit: 'LJ-LG-HOUSING', supervisors: ['LJ-LG-GOV', 'LJ-EMERGENCY'] });
    // every direct category × district resolves to known units
    for (const cat of c.categories.filter((x) => x.directDispatch)) {
      for (const d of c.districts) {
        const t = directDispatchTarget(c, cat.code, d.code)!;
        expect(findUnit(c, t.unit)).toBeDefined();
        expect(t.supervisors).toEqual([d.government, cat.cityDepartment]);
      }
    }
  });

  it('directDispatchTarget: undefined for non-direct categories and unknown codes', () => {
    expect(directDispatchTarget(c, 'PROPERTY_MANAGEMENT', 'JB')).toBeUndefined();
    expect(directDispatchTarget(c, 'NOPE', 'JB')).toBeUndefined();
    expect(directDispatchTarget(c, 'WATER_OUTAGE', 'NOPE')).toBeUndefined();
  });

  it('suggestedUnit: default unit, else direct unit', () => {
    expect(suggestedUnit(c, 'PROPERTY_MANAGEMENT', 'JN')).toBe('LJ-JN-HOUSING');
    expect(suggestedUnit(c, 'GAS_FAULT', 'LG')).toBe('LJ-GAS');
    expect(suggestedUnit(c, 'POLICY_INQUIRY', 'JB')).toBeUndefined();
  });

  it('unitsOfDistrict: district- and street-level units of that district only', () => {
    const codes = unitsOfDistrict(c, 'JB').map((u) => u.code);
    expect(codes).toEqual(
      expect.arrayContaining(['LJ-JB-GOV', 'LJ-JB-URBAN', 'LJ-JB-HOUSING', 'LJ-JB-BJ-OFFICE', 'LJ-JB-WH-OFFICE', 'LJ-JB-XH-OFFICE']),
    );
    expect(codes).toHaveLength(6);
    expect(unitsOfDistrict(c, 'NOPE')).toEqual([]);
  });
});

describe('loadCatalog errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => clearCatalogCache());

  it('names a missing file', () => {
    const missing = path.join(dir, 'nope.json');
    expect(() => loadCatalog(missing)).toThrow(`Cannot read dispatch catalog ${missing}: ENOENT`);
  });

  it('names a file that is not JSON', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "city": ');
    expect(() => loadCatalog(bad)).toThrow(`Dispatch catalog ${bad} is not valid JSON`);
  });

  it('names an invalid file and lists the zod issues', () => {
    const c = demoJson();
    c.districts[0]!.government = 'LJ-NOBODY';
    const invalid = path.join(dir, 'invalid.json');
    fs.writeFileSync(invalid, JSON.stringify(c));
    let msg = '';
    try {
      loadCatalog(invalid);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(`Dispatch catalog ${invalid} is invalid (1 issue)`);
    expect(msg).toContain("districts[0].government: district 'JB' names unknown unit 'LJ-NOBODY' as its government");
  });

  it('reads $HOTLINE_CATALOG and caches per path', () => {
    const c = demoJson();
    c.city.name = '临江市（测试）';
    const file = path.join(dir, 'env.json');
    fs.writeFileSync(file, JSON.stringify(c));
    const saved = process.env[CATALOG_ENV];
    process.env[CATALOG_ENV] = file;
    try {
      expect(catalogPath()).toBe(file);
      const a = loadCatalog();
      expect(a.city.name).toBe('临江市（测试）');
      expect(loadCatalog(file)).toBe(a);
      expect(loadCatalog(DEFAULT_CATALOG_PATH)).not.toBe(a);
      // cached: a later edit is not seen until the cache is cleared
      fs.writeFileSync(file, 'not json');
      expect(loadCatalog()).toBe(a);
      clearCatalogCache();
      expect(() => loadCatalog()).toThrow(file);
    } finally {
      if (saved === undefined) delete process.env[CATALOG_ENV];
      else process.env[CATALOG_ENV] = saved;
    }
  });
});
