// The synthetic city (npm run ledger:synthetic): the catalog's units, categories, districts and
// streets, padded with generated ones up to the requested size (a Qingdao has 300 units and 120
// categories; the demo catalog far fewer), and skewed pickers so that a few categories and places
// carry most tickets, as a real hotline's do (hotspots then mean something).
import type { Catalog } from '../../domain/catalog';

/** mulberry32: small, fast, seeded; enough for demo data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks index i with weight 1 / (i + 1)^s (Zipf-like), by binary search over the cumulative weights. */
export function zipf<T>(items: readonly T[], s = 1.1): (r: number) => T {
  const cum: number[] = [];
  let total = 0;
  items.forEach((_, i) => cum.push((total += 1 / (i + 1) ** s)));
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** Picks by explicit weights. */
export function weighted<T extends string>(w: Record<T, number>): (r: number) => T {
  const keys = Object.keys(w) as T[];
  const total = keys.reduce((n, k) => n + w[k], 0);
  return (r) => {
    let x = r * total;
    for (const k of keys) if ((x -= w[k]) < 0) return k;
    return keys.at(-1)!;
  };
}

export interface Place {
  district: string;
  street: string | null;
}

export interface City {
  categories: string[];
  places: Place[];
  /** Units that handle a category: departments first, then the street office of the place. */
  departments: string[];
  streetOffice: Map<string, string>;
}

/** The catalog's city, padded to at least `units` units and `categories` categories. */
export function cityOf(catalog: Catalog, size: { units?: number; categories?: number } = {}): City {
  const categories = catalog.categories.map((c) => c.code);
  for (let i = categories.length; i < (size.categories ?? 0); i++) categories.push(`SYN-CAT-${String(i + 1).padStart(3, '0')}`);
  const places: Place[] = catalog.districts.flatMap((d) => [
    { district: d.code, street: null },
    ...d.streets.map((s) => ({ district: d.code, street: s.code })),
  ]);
  const streetOffice = new Map(catalog.units.filter((u) => u.kind === 'street_office' && u.street).map((u) => [u.street!, u.code] as const));
  const departments = catalog.units.filter((u) => u.kind !== 'street_office' && u.level !== 'community').map((u) => u.code);
  // Padding: new streets (each with its office) and departments, half and half.
  let n = catalog.units.length;
  for (let i = 0; n < (size.units ?? 0); i++, n++) {
    if (i % 2 === 0 && catalog.districts.length) {
      const d = catalog.districts[(i / 2) % catalog.districts.length]!.code;
      const street = `${d}-SYN${String(i / 2 + 1).padStart(3, '0')}`;
      places.push({ district: d, street });
      streetOffice.set(street, `SYN-${street}-OFFICE`);
    } else departments.push(`SYN-DEPT-${String(i + 1).padStart(3, '0')}`);
  }
  return { categories, places, departments, streetOffice };
}
