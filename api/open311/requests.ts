// GET requests (from the ledger), GET requests/{id} (Temporal, else the ledger's copy) and
// GET tokens/{id}. Public, as in the spec: nothing in a service request names a person.
import { Router } from 'express';
import { listOpen311Requests } from '../../ledger/open311-requests';
import { ApiContext, withLedger } from '../context';
import { ApiError } from '../errors';
import { loadOrArchived, TICKET_PATH_ID } from '../routes/tickets';
import { Open311Error } from './errors';
import { open311Request } from './request-view';
import { parseRequestsFilter } from './requests-query';
import { formatParam, send } from './respond';

async function findRequest(ctx: ApiContext, raw: unknown) {
  const id = String(raw);
  const notFound = new Open311Error(404, `service_request_id ${id.slice(0, 64)} 不存在`);
  if (!TICKET_PATH_ID.test(id)) throw notFound;
  try {
    return (await loadOrArchived(ctx, id)).state;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') throw notFound;
    throw err;
  }
}

export function requestReadRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.get('/open311/v2/requests.:format', async (req, res) => {
    const format = formatParam(req);
    const filter = parseRequestsFilter(req.query as Record<string, unknown>, ctx.now());
    const states = await withLedger(ctx, (db) => listOpen311Requests(db, filter.ids ? { ids: filter.ids, limit: filter.limit } : filter));
    const catalog = ctx.catalog();
    send(
      res,
      format,
      'service_requests',
      states.map((t) => open311Request(t, catalog)),
    );
  });
  r.get('/open311/v2/requests/:id.:format', async (req, res) => {
    const format = formatParam(req);
    const state = await findRequest(ctx, req.params.id);
    send(res, format, 'service_requests', [open311Request(state, ctx.catalog())]);
  });
  // Requests are created in real time (POST answers the service_request_id at once): a token is
  // the request's own id, and resolves as soon as it is issued.
  r.get('/open311/v2/tokens/:id.:format', async (req, res) => {
    const format = formatParam(req);
    const state = await findRequest(ctx, req.params.id);
    send(res, format, 'service_requests', [{ service_request_id: state.id, token: state.id }]);
  });
  return r;
}
