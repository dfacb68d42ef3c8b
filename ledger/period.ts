// Periods of the statistics: Beijing calendar dates 'YYYY-MM-DD' (inclusive) and months 'YYYY-MM'.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export interface Period {
  from: string;
  to: string;
}

export function assertDate(date: string, what = 'date'): string {
  const m = DATE_RE.exec(date);
  const ok = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === date;
  if (!ok) throw new RangeError(`ledger: ${what} must be a real date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return date;
}

export function assertPeriod(p: Period): Period {
  assertDate(p.from, 'from');
  assertDate(p.to, 'to');
  if (p.from > p.to) throw new RangeError(`ledger: period from ${p.from} is after to ${p.to}`);
  return p;
}

function parseMonth(month: string): { y: number; m: number } {
  const r = MONTH_RE.exec(month);
  if (!r || +r[2] < 1 || +r[2] > 12) throw new RangeError(`ledger: month must be YYYY-MM, got ${JSON.stringify(month)}`);
  return { y: +r[1], m: +r[2] };
}

const fmtMonth = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;

/** The first and last day of a month. */
export function monthPeriod(month: string): Period {
  const { y, m } = parseMonth(month);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${fmtMonth(y, m)}-01`, to: `${fmtMonth(y, m)}-${String(last).padStart(2, '0')}` };
}

/** The month `n` months before `month` (n may be negative). */
export function monthBefore(month: string, n = 1): string {
  const { y, m } = parseMonth(month);
  const i = y * 12 + (m - 1) - n;
  return fmtMonth(Math.floor(i / 12), (i % 12) + 1);
}
