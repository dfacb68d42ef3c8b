// The rule book new tickets are resolved from: the JSON file named by HOTLINE_RULES (the shipped
// seed, config/rules.seed.json, when unset), validated once at start. A bad file stops the process
// with every issue as `field.path: message`. Each ticket gets its own resolved copy at intake.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatPath, type Catalog } from '../domain/catalog';
import { overrideIssues, ruleBook, RuleBook } from '../domain/rule-book';
import { rulesFileSchema } from '../domain/rules-schema';
import { ConfigError, type Env } from './env';
import seed from './rules.seed.json';

export const RULES_ENV = 'HOTLINE_RULES';

type Issue = { path: readonly PropertyKey[]; message: string };

export function loadRules(env: Pick<Env, 'HOTLINE_RULES' | 'HOTLINE_FOLLOW_UP_PROVIDER'>, catalog?: Catalog): RuleBook {
  const file = env.HOTLINE_RULES?.trim();
  const where = file ? `${RULES_ENV}=${file}` : 'config/rules.seed.json';
  const fail = (issues: Issue[]): never => {
    throw new ConfigError(`Invalid rules file ${where}:\n${issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n')}`);
  };
  const parsed = rulesFileSchema.safeParse(file ? readJson(file, where) : seed);
  if (!parsed.success) return fail(parsed.error.issues);
  const issues: Issue[] = [
    ...overrideIssues(parsed.data),
    ...(catalog ? [...unknownCategories(parsed.data.overrides, catalog), ...unknownSignOffUnits(parsed.data, catalog)] : []),
  ];
  if (issues.length) fail(issues);
  return ruleBook(parsed.data, env.HOTLINE_FOLLOW_UP_PROVIDER);
}

/** An override for a category the catalog lacks would silently never apply: a typo, refused. */
function unknownCategories(overrides: { when: { category?: string } }[], catalog: Catalog): Issue[] {
  const known = new Set(catalog.categories.map((c) => c.code));
  return overrides.flatMap((o, i) =>
    o.when.category === undefined || known.has(o.when.category)
      ? []
      : [{ path: ['overrides', i, 'when', 'category'], message: `not a category of the catalog: ${o.when.category}` }],
  );
}

/** R7: a single-step unit the catalog lacks would silently keep the two steps: a typo, refused. */
function unknownSignOffUnits(
  f: { rules: { singleStepSignOffUnits: string[] }; overrides: { rules: { singleStepSignOffUnits?: string[] } }[] },
  catalog: Catalog,
): Issue[] {
  const known = new Set(catalog.units.map((u) => u.code));
  const check = (units: string[] | undefined, path: PropertyKey[]): Issue[] =>
    (units ?? []).flatMap((u, i) =>
      known.has(u) ? [] : [{ path: [...path, 'singleStepSignOffUnits', i], message: `not a unit of the catalog: ${u}` }],
    );
  return [
    ...check(f.rules.singleStepSignOffUnits, ['rules']),
    ...f.overrides.flatMap((o, i) => check(o.rules.singleStepSignOffUnits, ['overrides', i, 'rules'])),
  ];
}

function readJson(file: string, where: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigError(`${where}: cannot read the rules file: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: the rules file is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}
