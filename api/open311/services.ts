// GET services and GET services/{service_code}: the catalog's categories, each with the same
// attributes (api/open311/attributes.ts).
import { Router } from 'express';
import { findCategory, type Catalog } from '../../domain/catalog';
import type { ApiContext } from '../context';
import { serviceAttributes } from './attributes';
import { Open311Error } from './errors';
import { formatParam, send } from './respond';

export function serviceList(catalog: Catalog) {
  return catalog.categories.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.directDispatch ? `${c.name}（直派类，15分钟内派至承办单位）` : c.name,
    metadata: true,
    type: 'realtime',
    keywords: '',
    group: c.directDispatch ? '直派' : '一般',
  }));
}

export function serviceRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/open311/v2/services.:format', (req, res) => {
    send(res, formatParam(req), 'services', serviceList(ctx.catalog()));
  });
  r.get('/open311/v2/services/:code.:format', (req, res) => {
    const format = formatParam(req);
    const catalog = ctx.catalog();
    const code = String(req.params.code);
    if (!findCategory(catalog, code)) throw new Open311Error(404, `service_code ${code} 不存在`);
    send(res, format, 'service_definition', { service_code: code, attributes: serviceAttributes(catalog) });
  });
  return r;
}
