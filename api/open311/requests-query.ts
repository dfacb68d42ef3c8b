// The filters of GET requests, as the spec gives them: service_request_id (comma-delimited,
// overriding everything else), service_code (comma-delimited), start_date / end_date (w3 date-times,
// at most 90 days apart; the most recent 90 days by default), status (open, closed or both). At most
// 1,000 results. Pure.
import { Open311Error } from './errors';

export const MAX_DAYS = 90;
export const MAX_RESULTS = 1000;
const DAY = 86_400_000;
/** A w3 date-time with its zone (Z or ±hh:mm), as the spec requires; seconds and fractions optional. */
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const CODE = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface RequestsFilter {
  ids?: string[];
  categories?: string[];
  from: Date;
  to: Date;
  status?: 'open' | 'closed';
  limit: number;
}

const one = (q: Record<string, unknown>, name: string): string | undefined => {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new Open311Error(400, `${name} 只能出现一次（多个值请用逗号分隔）`);
  return v;
};

const codes = (raw: string, name: string): string[] => {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((c) => !CODE.test(c));
  if (bad !== undefined || list.length === 0) throw new Open311Error(400, `${name} 无效：${(bad ?? raw).slice(0, 64)}`);
  if (list.length > MAX_RESULTS) throw new Open311Error(400, `${name} 最多 ${MAX_RESULTS} 个`);
  return list;
};

const date = (raw: string, name: string): Date => {
  const d = new Date(raw);
  if (!W3.test(raw) || Number.isNaN(+d)) throw new Open311Error(400, `${name} 须为带时区的 w3 日期时间，如 2026-01-01T00:00:00Z`);
  return d;
};

export function parseRequestsFilter(q: Record<string, unknown>, now: Date): RequestsFilter {
  const ids = one(q, 'service_request_id');
  const service = one(q, 'service_code');
  const start = one(q, 'start_date');
  const end = one(q, 'end_date');
  const status = one(q, 'status');

  let from = start === undefined ? undefined : date(start, 'start_date');
  let to = end === undefined ? undefined : date(end, 'end_date');
  if (from && to && +to - +from > MAX_DAYS * DAY) throw new Open311Error(400, `start_date 与 end_date 相隔不得超过 ${MAX_DAYS} 天`);
  if (from && to && +to < +from) throw new Open311Error(400, 'end_date 早于 start_date');
  if (!to) to = from ? new Date(Math.min(+from + MAX_DAYS * DAY, +now)) : now;
  if (!from) from = new Date(+to - MAX_DAYS * DAY);

  let statuses: ('open' | 'closed')[] | undefined;
  if (status !== undefined) {
    statuses = codes(status, 'status') as ('open' | 'closed')[];
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status 只能是 open、closed（逗号分隔）');
  }
  return {
    ...(ids !== undefined ? { ids: codes(ids, 'service_request_id') } : {}),
    ...(service !== undefined ? { categories: codes(service, 'service_code') } : {}),
    from,
    to,
    ...(statuses && new Set(statuses).size === 1 ? { status: statuses[0] } : {}),
    limit: MAX_RESULTS,
  };
}
