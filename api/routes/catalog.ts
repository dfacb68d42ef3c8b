// GET /api/v1/catalog: what clients need to fill in an intake or a dispatch.
import { Router } from 'express';
import { Catalog, suggestedUnit } from '../../domain/catalog';
import { parseOr400 } from '../errors';
import { suggestionQuerySchema } from '../schemas';
import type { ApiContext } from '../context';
import type { z } from 'zod';
import type { catalogViewSchema } from '../schemas';

const codeName = (x: { code: string; name: string }) => ({ code: x.code, name: x.name });

export function catalogView(c: Catalog): z.infer<typeof catalogViewSchema> {
  return {
    city: { code: c.city.code, name: c.city.name },
    categories: c.categories.map((k) => ({
      code: k.code,
      name: k.name,
      directDispatch: k.directDispatch,
      ...(k.streetDirect ? { streetDirect: true } : {}),
    })),
    districts: c.districts.map((d) => ({
      code: d.code,
      name: d.name,
      streets: d.streets.map((s) => ({ code: s.code, name: s.name, ...(s.communities ? { communities: s.communities.map(codeName) } : {}) })),
    })),
    units: c.units.map((u) => ({
      code: u.code,
      name: u.name,
      level: u.level,
      ...(u.district ? { district: u.district } : {}),
      ...(u.street ? { street: u.street } : {}),
      ...(u.community ? { community: u.community } : {}),
      ...(u.parent ? { parent: u.parent } : {}),
    })),
    outOfScopeSituations: c.outOfScopeSituations.map((s) => ({ code: s.code, name: s.name })),
    cities: c.cities.map((s) => ({ code: s.code, name: s.name })),
  };
}

export function catalogRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/api/v1/catalog', (_req, res) => {
    res.json(catalogView(ctx.catalog()));
  });
  // The dispatcher's first offer (派单建议): a 镇街直办 category goes straight to the street office.
  r.get('/api/v1/catalog/suggested-unit', (req, res) => {
    const q = parseOr400(suggestionQuerySchema, req.query, '查询参数');
    res.json({ unit: suggestedUnit(ctx.catalog(), q.category, q.district, q.street) ?? null });
  });
  return r;
}
