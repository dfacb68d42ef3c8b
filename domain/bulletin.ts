// Bulletins (seed 001 周专报、旬通报、月排名; 三率 published three times a month; seed 002 周通报):
// which period a bulletin covers. Pure: the bulletin workflow's activity and the tests use it.
import { beijingDate } from './calendar';

export const bulletinKinds = { weekly: '周专报', dekad: '旬通报' } as const;
export type BulletinKind = keyof typeof bulletinKinds;

export interface BulletinPeriod {
  /** Beijing dates, both included. */
  from: string;
  to: string;
}

const DAY = 86_400_000;
const dateOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/**
 * The last whole period before `at`'s Beijing date: the week Monday–Sunday, or the 旬 (1st–10th,
 * 11th–20th, 21st–month end). A bulletin sent Monday morning covers the week before; one sent on
 * the 11th covers the 1st–10th; a late run (a worker down over the weekend) still covers that one.
 */
export function bulletinPeriod(kind: BulletinKind, at: number): BulletinPeriod {
  const today = beijingDate(at);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  if (kind === 'weekly') {
    const t = Date.UTC(y, m - 1, d);
    const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    const monday = t - (weekday + 7) * DAY;
    return { from: new Date(monday).toISOString().slice(0, 10), to: new Date(monday + 6 * DAY).toISOString().slice(0, 10) };
  }
  if (d > 20) return { from: dateOf(y, m, 11), to: dateOf(y, m, 20) };
  if (d > 10) return { from: dateOf(y, m, 1), to: dateOf(y, m, 10) };
  return { from: dateOf(y, m - 1, 21), to: dateOf(y, m, 0) };
}

/** 旬 names: 上旬, 中旬, 下旬 of the month of `from`; a week is named by its dates. */
export function bulletinTitle(kind: BulletinKind, p: BulletinPeriod): string {
  if (kind === 'weekly') return `${bulletinKinds.weekly}（${p.from}至${p.to}）`;
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  const part = d === 1 ? '上旬' : d === 11 ? '中旬' : '下旬';
  return `${bulletinKinds.dekad}（${y}年${m}月${part}，${p.from}至${p.to}）`;
}
