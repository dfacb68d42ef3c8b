/**
 * Builds the national working-day calendar (CalendarData) from the `chinese-days` package.
 *
 * NOT workflow code: runs in the worker / API process. Only the package's published DATA file
 * (`chinese-days/dist/chinese-days.json`, a documented artefact of the package) is used — never its date
 * functions, which parse dates in the server's local time zone.
 *
 * That file has three maps keyed by 'YYYY-MM-DD':
 *   - `holidays`:   every day of each holiday period, weekends included ("Spring Festival,春节,4")
 *   - `workdays`:   make-up working days (调休上班), all on weekends
 *   - `inLieuDays`: the holiday days that were "paid for" by make-up days (informational, subset of holidays)
 * We keep only weekday holidays and weekend make-up days (the other entries change nothing), ignore
 * `inLieuDays`, and derive `coveredYears` from the years present (requiring them to be contiguous).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { withOverrides, type CalendarData, type CalendarOverrides } from '../domain/calendar';

export const CALENDAR_OVERRIDES_ENV = 'HOTLINE_CALENDAR_OVERRIDES';

const isoDate = z.iso.date(); // strict 'YYYY-MM-DD', real calendar date

const packageDataSchema = z.object({
  holidays: z.record(isoDate, z.string()),
  workdays: z.record(isoDate, z.string()),
});

/** Shape of the JSON file named by HOTLINE_CALENDAR_OVERRIDES. Unknown keys are rejected (catches typos). */
export const calendarOverridesSchema = z.strictObject({
  holidays: z.array(isoDate).optional(),
  workdays: z.array(isoDate).optional(),
});

function isWeekendDate(date: string): boolean {
  // Date.UTC + getUTCDay: independent of the server's time zone.
  const [y, m, d] = date.split('-').map(Number);
  const dow = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
  return dow === 0 || dow === 6;
}

function buildNational(): CalendarData {
  const parsed = packageDataSchema.safeParse(chineseDaysData);
  if (!parsed.success) {
    throw new Error(`chinese-days data has an unexpected shape:\n${z.prettifyError(parsed.error)}`);
  }
  const allHolidays = Object.keys(parsed.data.holidays);
  const allWorkdays = Object.keys(parsed.data.workdays);
  const both = allHolidays.filter((d) => Object.prototype.hasOwnProperty.call(parsed.data.workdays, d));
  if (both.length > 0) throw new Error(`chinese-days data lists ${both.join(', ')} both as holiday and workday`);

  const years = new Set([...allHolidays, ...allWorkdays].map((d) => Number(d.slice(0, 4))));
  if (years.size === 0) throw new Error('chinese-days data is empty');
  const from = Math.min(...years);
  const to = Math.max(...years);
  for (let y = from; y <= to; y++) {
    if (!years.has(y)) throw new Error(`chinese-days data has no holiday entries for ${y} (covers ${from}-${to})`);
  }
  return {
    coveredYears: { from, to },
    holidays: allHolidays.filter((d) => !isWeekendDate(d)).sort(),
    workdays: allWorkdays.filter(isWeekendDate).sort(),
  };
}

let national: CalendarData | undefined;

function copy(cal: CalendarData): CalendarData {
  return { coveredYears: { ...cal.coveredYears }, holidays: [...cal.holidays], workdays: [...cal.workdays] };
}

/** National calendar (all years the package covers), optionally with a city's overrides applied. Returns a fresh object. */
export function loadCalendar(overrides?: CalendarOverrides): CalendarData {
  national ??= buildNational();
  return overrides ? withOverrides(national, overrides) : copy(national);
}

/**
 * National calendar plus the overrides in the JSON file named by HOTLINE_CALENDAR_OVERRIDES
 * (`{ "holidays": ["YYYY-MM-DD", ...], "workdays": [...] }`, both optional). Without the variable, the
 * plain national calendar. Throws a descriptive error if the file is unreadable or invalid.
 */
export function loadCalendarFromEnv(env: NodeJS.ProcessEnv = process.env): CalendarData {
  const file = env[CALENDAR_OVERRIDES_ENV]?.trim();
  if (!file) return loadCalendar();
  const where = `${CALENDAR_OVERRIDES_ENV}=${file}`;
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${where}: cannot read calendar overrides file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: calendar overrides file is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = calendarOverridesSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${where}: invalid calendar overrides (expected {"holidays": ["YYYY-MM-DD", ...], "workdays": [...]}):\n` + z.prettifyError(parsed.error),
    );
  }
  try {
    return loadCalendar(parsed.data);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
  }
}
