// The answer action's references (issue 15), checked by the API before the ticket's Update: the
// ticket's workflow knows nothing of the knowledge base. An article must exist in that version
// (404) and be published now (a retired or draft article cannot be cited: 409); a notice must exist
// (404) and be in force (an expired or withdrawn one: 409).
import type { TicketState } from '../../domain/ticket';
import { readArticle } from '../../ledger/knowledge';
import { readNotice } from '../../ledger/notices';
import { ApiContext, withLedger } from '../context';
import { ApiError } from '../errors';
import { articleStatuses } from './schemas';
import { isActive } from './notice-routes';

export interface Citation {
  article?: { articleId: string; version: number };
  notice?: string;
}

export async function checkCitation(ctx: ApiContext, input: Citation, ticket: () => Promise<TicketState>): Promise<void> {
  if (!input.article && !input.notice) return;
  const current = async () => {
    const t = await ticket();
    return { status: t.status, statusLabel: t.statusLabel };
  };
  if (input.article) {
    const { articleId, version } = input.article;
    const a = await withLedger(ctx, (db) => readArticle(db, articleId));
    if (!a || (a.status !== 'published' && a.publishedVersion === null)) throw new ApiError('not_found', `article：知识条目 ${articleId} 不存在`);
    if (a.status !== 'published') {
      throw new ApiError('conflict', `article：知识条目 ${articleId} ${articleStatuses[a.status]}，不能引用`, {
        ...(await current()),
        articleStatus: a.status,
      });
    }
    if (version > a.latestVersion) throw new ApiError('not_found', `article：知识条目 ${articleId} 没有第 ${version} 版`);
    if (version > a.publishedVersion!) {
      throw new ApiError(
        'conflict',
        `article：知识条目 ${articleId} 第 ${version} 版尚未发布，不能引用（已发布：第 ${a.publishedVersion} 版）`,
        await current(),
      );
    }
  }
  if (input.notice) {
    const id = input.notice;
    const n = await withLedger(ctx, (db) => readNotice(db, id));
    if (!n) throw new ApiError('not_found', `notice：公告 ${id} 不存在`);
    if (!isActive(n, ctx.now())) {
      throw new ApiError('conflict', `notice：公告 ${id} ${n.withdrawnAt ? '已撤回' : '不在有效期内'}，不能据此答复`, await current());
    }
  }
}
