// Loads the dispatch catalog (派单目录) from disk. NOT workflow code: workflows receive the catalog
// (or the parts they need) as input or through activities; they never read files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogSchema, catalogIssues, CatalogValidationError, type Catalog } from '../domain/catalog';

/** Environment variable naming the catalog file (absolute, or relative to the working directory). */
export const CATALOG_ENV = 'HOTLINE_CATALOG';

/** The demo catalog shipped with the project (临江市). */
export const DEFAULT_CATALOG_PATH = path.resolve(__dirname, '..', 'data', 'catalog.demo.json');

const cache = new Map<string, Catalog>();

/** The file loadCatalog would read: the argument, else $HOTLINE_CATALOG, else the demo catalog. */
export function catalogPath(file?: string): string {
  const chosen = file ?? (process.env[CATALOG_ENV]?.trim() || undefined);
  return chosen === undefined ? DEFAULT_CATALOG_PATH : path.resolve(chosen);
}

/**
 * Reads, parses and validates the dispatch catalog. Cached per resolved path; the returned object
 * is deep-frozen because it is shared. Throws an Error naming the file when it cannot be read, is
 * not JSON, or fails validation (every zod issue listed as `path: message`).
 */
export function loadCatalog(file?: string): Catalog {
  const resolved = catalogPath(file);
  const hit = cache.get(resolved);
  if (hit) return hit;

  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read dispatch catalog ${resolved}: ${(e as Error).message}`, { cause: e });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Dispatch catalog ${resolved} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }

  const r = catalogSchema.safeParse(json);
  if (!r.success) {
    throw new CatalogValidationError(catalogIssues(r.error), `Dispatch catalog ${resolved} is invalid`);
  }

  const catalog = deepFreeze(r.data);
  cache.set(resolved, catalog);
  return catalog;
}

/** Forget cached catalogs (tests, or after editing the file). */
export function clearCatalogCache(): void {
  cache.clear();
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
