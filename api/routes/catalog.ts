// GET /api/v1/catalog: what clients need to fill in an intake or a dispatch.
import { Router } from 'express';
import type { Catalog } from '../../domain/catalog';
import type { ApiContext } from '../context';
import type { z } from 'zod';
import type { catalogViewSchema } from '../schemas';

export function catalogView(c: Catalog): z.infer<typeof catalogViewSchema> {
  return {
    city: { code: c.city.code, name: c.city.name },
    categories: c.categories.map((k) => ({ code: k.code, name: k.name, directDispatch: k.directDispatch })),
    districts: c.districts.map((d) => ({ code: d.code, name: d.name, streets: d.streets.map((s) => ({ code: s.code, name: s.name })) })),
    units: c.units.map((u) => ({ code: u.code, name: u.name, level: u.level, ...(u.district ? { district: u.district } : {}) })),
    outOfScopeSituations: c.outOfScopeSituations.map((s) => ({ code: s.code, name: s.name })),
    cities: c.cities.map((s) => ({ code: s.code, name: s.name })),
  };
}

export function catalogRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/catalog', (_req, res) => {
    res.json(catalogView(ctx.catalog()));
  });
  return r;
}
