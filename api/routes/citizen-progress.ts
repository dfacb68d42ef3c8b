// 进度查询: the ticket number and the last four digits of a requester's phone show the ticket's
// progress. Five wrong tries lock that ticket's lookup for an hour (ledger/citizen-lookups.ts); an
// unknown number counts as a wrong try too, so the page never tells which numbers exist.
import express, { ErrorRequestHandler, Router } from 'express';
import type { TicketState } from '../../domain/ticket';
import { clearWrongTries, lookupLockedUntil, recordWrongTry } from '../../ledger/citizen-lookups';
import { lockedPage, progressFormPage, progressResultPage, progressUnavailablePage } from '../citizen/progress-page';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { send } from './rating';
import { TICKET_PATH_ID } from './tickets';

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

async function ticketIfKnown(ctx: ApiContext, id: string): Promise<TicketState | undefined> {
  try {
    return await ctx.store.load(id);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return undefined;
    throw err;
  }
}

export function citizenProgressRoutes(ctx: ApiContext): Router {
  const r = Router();

  r.get('/citizen/progress', (req, res) => {
    const ticket = typeof req.query.ticket === 'string' && TICKET_PATH_ID.test(req.query.ticket) ? req.query.ticket : undefined;
    send(res, progressFormPage({ ticket }));
  });

  r.post('/citizen/progress', express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }), async (req, res) => {
    try {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const ticket = typeof raw.ticket === 'string' ? raw.ticket.trim() : '';
      const phone4 = typeof raw.phone4 === 'string' ? raw.phone4.trim() : '';
      if (!TICKET_PATH_ID.test(ticket) || !/^\d{4}$/.test(phone4)) {
        return send(res, progressFormPage({ ticket: ticket.slice(0, 64), error: '请填写工单号和联系电话后四位（4 位数字）。', status: 400 }));
      }
      const db = ctx.ledger;
      if (!db) return send(res, progressUnavailablePage());
      const now = ctx.now();
      const locked = await lookupLockedUntil(db, ticket, now);
      if (locked !== undefined) return send(res, lockedPage(locked));
      const state = await ticketIfKnown(ctx, ticket);
      const match = state?.requesters.some((q) => q.phone !== undefined && digits(q.phone).endsWith(phone4));
      if (!state || !match) {
        const left = await recordWrongTry(db, ticket, now);
        if (left === 0) return send(res, lockedPage(now.getTime() + 3_600_000));
        return send(res, progressFormPage({ ticket, error: `工单号或联系电话后四位不正确，还可尝试 ${left} 次。`, status: 404 }));
      }
      await clearWrongTries(db, ticket);
      send(res, progressResultPage(state, ctx.catalog()));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) console.error('[api] progress page:', err);
      send(res, progressUnavailablePage());
    }
  });

  const pageErrors: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    send(res, status < 500 ? progressFormPage({ error: '提交内容有误，请重新填写。', status }) : progressUnavailablePage());
  };
  r.use('/citizen/progress', pageErrors);
  return r;
}
