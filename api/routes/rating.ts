// The rating page of the `link` follow-up provider (the link in the SMS): GET /rate/{token} shows
// the request and the unit's reply and asks for a rating; POST /rate/{token} (a plain form) sends
// the ticket's `followUp` Update as the system, for the requester the token names. No bearer token:
// the signed token is the capability. Single use without storage: a link is used once its
// requester is no longer pending in its round. Citizens get HTML pages, never JSON errors.
import express, { ErrorRequestHandler, Response, Router } from 'express';
import { readRatingToken, RatingTokenPayload } from '../../follow-up/rating-token';
import { Actor, followUpPending, TicketState } from '../../domain/ticket';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { ratingFormSchema } from '../follow-up-schemas';
import {
  badSubmissionPage,
  expiredLinkPage,
  invalidLinkPage,
  Page,
  ratingFormPage,
  thankYouPage,
  unavailablePage,
  usedLinkPage,
} from '../rating-page';

export const ratingLinkActor: Actor = { id: 'rating-link', role: 'system' };

/** Whether the token's requester may still rate: the ticket waits for them in the token's round. */
export const stillPending = (t: TicketState, p: RatingTokenPayload): boolean =>
  t.status === 'follow_up' && t.followUp?.round === p.round && followUpPending(t).includes(p.requester);

export function send(res: Response, page: Page): void {
  res.status(page.status);
  res.setHeader('Cache-Control', 'no-store');
  // The token is in the URL: never pass it on; nothing but this page's own inline style runs.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.type('html').send(page.html);
}

type Opened = { ok: true; payload: RatingTokenPayload; state: TicketState } | { ok: false; page: Page };

/** Reads the token and the ticket it names: the link's page when it cannot be used. */
async function open(ctx: ApiContext, token: string): Promise<Opened> {
  const secret = ctx.ratingSecret;
  if (!secret) return { ok: false, page: unavailablePage() };
  const now = ctx.now().getTime();
  const first = readRatingToken(token, secret, now);
  if (!first.ok) return { ok: false, page: first.reason === 'expired' ? expiredLinkPage() : invalidLinkPage() };
  let state: TicketState;
  try {
    state = await ctx.store.load(first.payload.ticket);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return { ok: false, page: invalidLinkPage() };
    throw err;
  }
  const read = readRatingToken(token, secret, now, { isUsed: () => !stillPending(state, first.payload) });
  if (!read.ok)
    return { ok: false, page: read.reason === 'used' ? usedLinkPage() : read.reason === 'expired' ? expiredLinkPage() : invalidLinkPage() };
  return { ok: true, payload: read.payload, state };
}

const failurePage = (err: unknown): Page => {
  if (!(err instanceof ApiError) || err.code === 'internal') console.error('[api] rating page:', err);
  return unavailablePage();
};

export function ratingRoutes(ctx: ApiContext): Router {
  const r = Router();
  const view = (o: Extract<Opened, { ok: true }>) => ({ ticket: o.state, catalog: ctx.catalog(), expiresAt: o.payload.expiresAt });

  r.get('/rate/:token', async (req, res) => {
    try {
      const o = await open(ctx, String(req.params.token));
      send(res, o.ok ? ratingFormPage(view(o)) : o.page);
    } catch (err) {
      send(res, failurePage(err));
    }
  });

  r.post('/rate/:token', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), async (req, res) => {
    try {
      const o = await open(ctx, String(req.params.token));
      if (!o.ok) return send(res, o.page);
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const form = ratingFormSchema.safeParse(raw);
      if (!form.success) {
        const missing = form.error.issues.map((i) => i.path[0]);
        const error = missing.includes('comment') ? '其他意见最多 500 字，请删减后再提交。' : '请选择满意程度和问题是否解决后再提交。';
        const values = { satisfaction: String(raw.satisfaction ?? ''), resolved: String(raw.resolved ?? ''), comment: String(raw.comment ?? '') };
        return send(res, ratingFormPage(view(o), { error, values }));
      }
      const { satisfaction, resolved, comment } = form.data;
      let after: TicketState;
      try {
        after = await ctx.store.act(o.payload.ticket, 'followUp', ratingLinkActor, {
          satisfaction,
          resolved,
          requester: o.payload.requester,
          source: 'platform',
          note: comment ? `短信评价链接：${comment}` : '短信评价链接',
        });
      } catch (err) {
        // Rated a moment ago (a double submit, another tab): the link is used.
        if (err instanceof ApiError && err.code === 'conflict') return send(res, usedLinkPage());
        throw err;
      }
      send(res, thankYouPage({ satisfaction, resolved }, after));
    } catch (err) {
      send(res, failurePage(err));
    }
  });

  // The form parser's own failures (too large, bad charset): a page, not JSON.
  const pageErrors: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    send(res, status < 500 ? { ...badSubmissionPage(), status } : failurePage(err));
  };
  r.use('/rate', pageErrors);
  return r;
}
