// What every route needs, built once by createApp.
import type { CalendarData } from '../domain/calendar';
import type { Catalog } from '../domain/catalog';
import type { RulesFor } from '../domain/rule-book';
import type { SupervisionRules } from '../domain/ticket';
import type { Queryable } from '../ledger/db';
import type { TokenVerifier } from './auth';
import { ApiError } from './errors';
import type { TicketStore } from './ticket-store';

export interface ApiContext {
  store: TicketStore;
  catalog: () => Catalog;
  rules: RulesFor;
  calendar: CalendarData;
  supervision?: SupervisionRules;
  now: () => Date;
  verify: TokenVerifier;
  /** The ledger (statistics, archived tickets); absent when the API runs without one. */
  ledger?: Queryable;
  /** HOTLINE_CALLBACK_SECRET: the voice provider's callbacks are signed with it. */
  callbackSecret?: string;
  /** The rating links' HMAC secret (HOTLINE_RATING_SECRET or the dev secret). */
  ratingSecret?: string;
}

/**
 * Runs `fn` on the ledger: 503 ledger_unavailable when this API has none, or when the database
 * fails (a PostgreSQL server down); ApiErrors thrown by `fn` pass through.
 */
export async function withLedger<T>(ctx: ApiContext, fn: (db: Queryable) => Promise<T>): Promise<T> {
  if (!ctx.ledger) {
    throw new ApiError(
      'ledger_unavailable',
      '台账数据库不可用：本 API 进程未打开台账（嵌入式 PGlite 只能由一个进程打开：请用 npm start 同进程运行 worker 与 API，或设置 DATABASE_URL 使用 PostgreSQL）',
    );
  }
  try {
    return await fn(ctx.ledger);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    console.warn(`[api] ledger failed: ${(err as Error)?.message ?? String(err)}`);
    throw new ApiError('ledger_unavailable', '台账数据库暂不可用，请稍后重试');
  }
}
