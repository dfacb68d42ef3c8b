/**
 * Working-day calendar (工作日) following the State Council's yearly holiday notice:
 * public holidays on weekdays are days off, and some weekend days are make-up working days (调休).
 *
 * This module is PURE and has NO imports: it is bundled into Temporal workflow code, which must be
 * deterministic. It never reads the clock, Intl, or the machine's time zone. Beijing time is computed
 * as UTC+8 arithmetic (China has no DST), and calendar dates are handled as integer "epoch days"
 * (days since 1970-01-01) with proleptic-Gregorian civil-date conversion.
 *
 * A `CalendarData` object is treated as immutable once used: lookup sets are built lazily and cached
 * per object (WeakMap). To change a calendar, build a new object (e.g. with `withOverrides`).
 */

/** Plain, JSON-serialisable calendar (travels as Temporal workflow input). */
export interface CalendarData {
  /** Years (inclusive) for which the national holiday notice is known. Outside them, plain Mon–Fri is assumed. */
  coveredYears: { from: number; to: number };
  /** 'YYYY-MM-DD' days off that would otherwise be working days (weekday public holidays). */
  holidays: string[];
  /** 'YYYY-MM-DD' weekend days that are make-up working days (调休上班). */
  workdays: string[];
}

/** A city's own extra days off / extra working days, applied on top of the national calendar. */
export interface CalendarOverrides {
  holidays?: string[];
  workdays?: string[];
}

export interface WorkingDaysDue {
  /** ISO instant of the deadline: 24:00 Beijing time on `dueDate` (= `dueDate`T16:00:00.000Z). */
  dueAt: string;
  /** 'YYYY-MM-DD' Beijing date of the last working day counted. */
  dueDate: string;
  /** True when any date examined lies in a year outside `coveredYears` (plain Mon–Fri was assumed there). */
  provisional: boolean;
}

const MS_PER_DAY = 86_400_000;
/** Beijing time, in one place: UTC+8 all year (no daylight saving). */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Civil date <-> epoch day (H. Hinnant's algorithms; pure integer arithmetic, no Date object).

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function formatDay(day: number): string {
  const { y, m, d } = civilFromDays(day);
  if (y < 0 || y > 9999) throw new RangeError(`calendar: date out of supported range (year ${y})`);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

function yearOfDay(day: number): number {
  return civilFromDays(day).y;
}

/** Parses a strict 'YYYY-MM-DD' (must be a real calendar date) into an epoch day; throws otherwise. */
function parseDate(date: string): number {
  const match = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      const day = daysFromCivil(y, m, d);
      const back = civilFromDays(day);
      if (back.y === y && back.m === m && back.d === d) return day;
    }
  }
  throw new RangeError(`calendar: invalid date ${JSON.stringify(date)} (expected a real 'YYYY-MM-DD' date)`);
}

/** Whether `date` is a real calendar date written 'YYYY-MM-DD' (for input schemas). */
export function isCalendarDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (epoch day 0) was a Thursday. */
function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const dow = dayOfWeek(day);
  return dow === 0 || dow === 6;
}

function instantMs(instant: Date | number): number {
  // Duck-typed rather than `instanceof Date`, so Dates from another realm (workflow sandbox, vm) work too.
  const ms =
    typeof instant === 'number'
      ? instant
      : instant !== null && typeof instant === 'object' && typeof instant.getTime === 'function'
        ? instant.getTime()
        : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`calendar: invalid instant ${String(instant)}`);
  return ms;
}

/** Epoch day of the instant's Beijing (UTC+8) calendar date. */
function beijingDay(instant: Date | number): number {
  return Math.floor((instantMs(instant) + BEIJING_OFFSET_MS) / MS_PER_DAY);
}

// ---------------------------------------------------------------------------------------------
// Lazily built lookup structures, cached per CalendarData object.

interface Compiled {
  holidays: Set<number>;
  workdays: Set<number>;
  coveredFrom: number; // first epoch day of coveredYears.from
  coveredTo: number; // last epoch day of coveredYears.to
}

const cache = new WeakMap<CalendarData, Compiled>();

function compile(cal: CalendarData): Compiled {
  let compiled = cache.get(cal);
  if (compiled) return compiled;
  const { from, to } = cal.coveredYears ?? ({} as CalendarData['coveredYears']);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
    throw new RangeError(`calendar: invalid coveredYears ${JSON.stringify(cal.coveredYears)}`);
  }
  compiled = {
    holidays: new Set(cal.holidays.map(parseDate)),
    workdays: new Set(cal.workdays.map(parseDate)),
    coveredFrom: daysFromCivil(from, 1, 1),
    coveredTo: daysFromCivil(to, 12, 31),
  };
  cache.set(cal, compiled);
  return compiled;
}

function workingDay(c: Compiled, day: number): boolean {
  return isWeekend(day) ? c.workdays.has(day) : !c.holidays.has(day);
}

function covered(c: Compiled, day: number): boolean {
  return day >= c.coveredFrom && day <= c.coveredTo;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** 'YYYY-MM-DD' of the instant in Beijing time (UTC+8). */
export function beijingDate(instant: Date | number): string {
  return formatDay(beijingDay(instant));
}

/** The instant's Beijing wall-clock time as an ISO string without zone: 'YYYY-MM-DDTHH:mm:ss.sss'. */
/**
 * How far ahead a date a unit names (an extension's end, a commitment's due date) may lie: a year
 * from today (Beijing). Not the holiday calendar's covered years: in December those end within
 * days, and a unit must still be able to name a date in January (days past the calendar are taken
 * Monday to Friday, as every deadline that crosses its end is). It stops `9999-12-31`.
 */
export const DATE_HORIZON_DAYS = 366;

/** The last date (YYYY-MM-DD) a unit may name on `now`'s Beijing day. */
export function latestNamedDate(now: Date | number): string {
  return beijingDate(instantMs(now) + DATE_HORIZON_DAYS * MS_PER_DAY);
}

export function beijingWallClock(at: Date | number): string {
  const ms = instantMs(at) + BEIJING_OFFSET_MS;
  const day = Math.floor(ms / MS_PER_DAY);
  const t = ms - day * MS_PER_DAY;
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${formatDay(day)}T${two(t / 3_600_000)}:${two((t / 60_000) % 60)}:${two((t / 1000) % 60)}.${String(t % 1000).padStart(3, '0')}`;
}

/** Milliseconds since Beijing midnight. */
export const beijingTimeOfDay = (at: Date | number): number => (((instantMs(at) + BEIJING_OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;

/** The instant Beijing's day of `at` began (00:00 Beijing). */
export const startOfBeijingDay = (at: number): number => at - beijingTimeOfDay(at);

/** The end (24:00 Beijing) of a Beijing calendar date 'YYYY-MM-DD', as an instant. */
export const endOfBeijingDate = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) - BEIJING_OFFSET_MS + MS_PER_DAY;

/** Weekend days are working days only if listed in `workdays`; weekdays are, unless listed in `holidays`. */
export function isWorkingDay(cal: CalendarData, date: string): boolean {
  return workingDay(compile(cal), parseDate(date));
}

/** The first working day strictly after `date` ('YYYY-MM-DD'). */
export function nextWorkingDay(cal: CalendarData, date: string): string {
  const c = compile(cal);
  let day = parseDate(date) + 1;
  while (!workingDay(c, day)) day++; // terminates: the holiday lists are finite
  return formatDay(day);
}

/** Number of working days d with fromDate < d <= toDate (0 when toDate <= fromDate). */
export function workingDaysBetween(cal: CalendarData, fromDate: string, toDate: string): number {
  const c = compile(cal);
  const from = parseDate(fromDate);
  const to = parseDate(toDate);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (workingDay(c, day)) count++;
  return count;
}

/**
 * "N working days after t": ends at 24:00 Beijing time on the Nth working day after t's Beijing date.
 * t's own date never counts, even when it is a working day. `n` must be a positive integer.
 */
export function addWorkingDays(cal: CalendarData, from: Date | number, n: number): WorkingDaysDue {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`calendar: number of working days must be a positive integer, got ${String(n)}`);
  }
  const c = compile(cal);
  let day = beijingDay(from);
  let provisional = false;
  let remaining = n;
  while (remaining > 0) {
    day++;
    if (!covered(c, day)) provisional = true;
    if (workingDay(c, day)) remaining--;
  }
  const dueDate = formatDay(day);
  return { dueAt: `${dueDate}T16:00:00.000Z`, dueDate, provisional };
}

/**
 * The part of `cal` a ticket registered at `instant` can need: its deadlines only ever run forward,
 * so years before the registration's Beijing year are dropped. A ticket carries its calendar as
 * workflow input; the whole national table since 2004 would be most of that input's bytes.
 */
export function calendarFrom(cal: CalendarData, instant: Date | number): CalendarData {
  const year = Math.min(Math.max(yearOfDay(beijingDay(instant)), cal.coveredYears.from), cal.coveredYears.to);
  if (year === cal.coveredYears.from) return cal;
  const kept = (date: string) => Number(date.slice(0, 4)) >= year;
  return { coveredYears: { from: year, to: cal.coveredYears.to }, holidays: cal.holidays.filter(kept), workdays: cal.workdays.filter(kept) };
}

/**
 * Applies a city's own extra days off (`holidays`) and extra working days (`workdays`) on top of `cal`,
 * returning a new normalised CalendarData (sorted, de-duplicated; `holidays` only weekdays, `workdays`
 * only weekend days). An override day off cancels a national make-up working day and vice versa.
 * Throws on an invalid date or on a day listed in both override lists.
 */
export function withOverrides(cal: CalendarData, overrides: CalendarOverrides): CalendarData {
  const c = compile(cal);
  const offDays = (overrides.holidays ?? []).map(parseDate);
  const onDays = (overrides.workdays ?? []).map(parseDate);
  const onSet = new Set(onDays);
  const clash = offDays.filter((d) => onSet.has(d));
  if (clash.length > 0) {
    throw new RangeError(`calendar overrides: ${[...new Set(clash)].map(formatDay).join(', ')} listed both as holiday and as workday`);
  }
  const holidays = new Set(c.holidays);
  const workdays = new Set(c.workdays);
  for (const d of offDays) {
    workdays.delete(d);
    if (!isWeekend(d)) holidays.add(d);
  }
  for (const d of onDays) {
    holidays.delete(d);
    if (isWeekend(d)) workdays.add(d);
  }
  const sorted = (s: Set<number>, keep: (d: number) => boolean) =>
    [...s]
      .filter(keep)
      .sort((a, b) => a - b)
      .map(formatDay);
  return {
    coveredYears: { from: cal.coveredYears.from, to: cal.coveredYears.to },
    holidays: sorted(holidays, (d) => !isWeekend(d)),
    workdays: sorted(workdays, isWeekend),
  };
}
