// The dispatch catalog (GET /api/v1/catalog), read once per page load: names for codes, and the
// choices of the intake and action forms.
import { ref } from 'vue';
import { api } from './api';

export interface Named {
  code: string;
  name: string;
}
export interface Catalog {
  city: Named;
  categories: (Named & { directDispatch: boolean })[];
  districts: (Named & { streets: Named[] })[];
  units: (Named & { level: string; district?: string })[];
  outOfScopeSituations: Named[];
  cities: Named[];
}

export const catalog = ref<Catalog | null>(null);
let loading: Promise<Catalog> | undefined;

export function loadCatalog(): Promise<Catalog> {
  loading ??= api<Catalog>('/api/v1/catalog').then(
    (c) => (catalog.value = c),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

const find = (list: Named[] | undefined, code: string | null | undefined) => (code ? (list?.find((x) => x.code === code)?.name ?? code) : '—');
export const unitName = (code: string | null | undefined): string => find(catalog.value?.units, code);
export const categoryName = (code: string | null | undefined): string => find(catalog.value?.categories, code);
export const districtName = (code: string | null | undefined): string => find(catalog.value?.districts, code);
export function streetName(district: string | null | undefined, street: string | null | undefined): string {
  return find(catalog.value?.districts.find((d) => d.code === district)?.streets, street);
}
