// POST /api/v1/tickets/preview: the intake's body, nothing created. Answers what the operator needs
// before registering (issue 15): the notices in force for the category and the place (answer from
// the notice), the best knowledge-base articles for the description (answer directly), and the open
// tickets probably about the same matter (merge, R13 / seed 004 同一诉求多渠道反映的统一派单).
import { Router } from 'express';
import { beijingDate } from '../../domain/calendar';
import { newIntakeSchema, type Intake } from '../../domain/ticket';
import { checkIntakeRefs } from '../../domain/ticket/refs';
import { defaultDuplicateOptions, rankDuplicates } from '../../domain/knowledge/duplicates';
import type { Queryable } from '../../ledger/db';
import { openTicketsLike } from '../../ledger/duplicates';
import { searchArticles } from '../../ledger/knowledge';
import { listNotices } from '../../ledger/notices';
import { intakeRoles, requireRole } from '../access';
import { actorOf } from '../auth';
import { ApiContext, withLedger } from '../context';
import { parseOr400, validationError } from '../errors';
import { noticeView } from './notice-routes';
import { excerpt, hitView } from './routes';

export const PREVIEW_ARTICLES = 5;

/** The preview of one intake at `now`: three reads of the ledger, nothing written. */
export async function previewIntake(db: Queryable, intake: Pick<Intake, 'category' | 'description' | 'location'>, now: Date) {
  const { category, description, location } = intake;
  const [notices, hits, candidates] = await Promise.all([
    listNotices(db, { activeAt: now, category, district: location.district, street: location.street, limit: 20, offset: 0 }),
    searchArticles(db, { text: description, today: beijingDate(now), category, limit: PREVIEW_ARTICLES }),
    openTicketsLike(db, { category, district: location.district, since: new Date(+now - defaultDuplicateOptions.windowDays * 86_400_000) }),
  ]);
  const ranked = rankDuplicates({ description, street: location.street, address: location.address, at: +now }, candidates);
  const status = new Map(candidates.map((c) => [c.id, c.status]));
  return {
    notices: notices.map((n) => noticeView(n, now)),
    articles: hits.map(hitView),
    duplicates: ranked.map((d) => ({
      ticketId: d.id,
      status: status.get(d.id)!,
      ...(d.street ? { street: d.street } : {}),
      registeredAt: d.registeredAt,
      excerpt: excerpt(d.description, 120),
      score: d.score,
    })),
  };
}

export function previewRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.post('/api/v1/tickets/preview', async (req, res) => {
    requireRole(intakeRoles, actorOf(res), '预览受理');
    const intake = parseOr400(newIntakeSchema, req.body ?? {}, '受理请求体');
    const issues = checkIntakeRefs(ctx.catalog(), intake);
    if (issues.length) throw validationError('受理请求体', issues);
    res.json(await withLedger(ctx, (db) => previewIntake(db, intake, ctx.now())));
  });
  return r;
}
