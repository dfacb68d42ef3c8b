import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addWorkingDays,
  beijingDate,
  calendarFrom,
  isWorkingDay,
  nextWorkingDay,
  withOverrides,
  workingDaysBetween,
  type CalendarData,
} from '../../domain/calendar';
import { CALENDAR_OVERRIDES_ENV, loadCalendar, loadCalendarFromEnv } from '../../config/calendar-source';

const cal = loadCalendar();

/** Beijing wall-clock time -> instant. */
const bj = (local: string) => new Date(`${local}+08:00`);

// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04):
//   元旦 1/1(四)–1/3(六), 1/4(日)上班;  春节 2/15(日)–2/23(一), 2/14(六)、2/28(六)上班;
//   清明 4/4(六)–4/6(一);  劳动节 5/1(五)–5/5(二), 5/9(六)上班;  端午 6/19(五)–6/21(日);
//   中秋 9/25(五)–9/27(日);  国庆 10/1(四)–10/7(三), 9/20(日)、10/10(六)上班.
// Only weekday days off / weekend make-up days are stored:
const HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-02', // New Year's Day
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-23', // Spring Festival
  '2026-04-06', // Qingming
  '2026-05-01',
  '2026-05-04',
  '2026-05-05', // Labour Day
  '2026-06-19', // Dragon Boat
  '2026-09-25', // Mid-autumn
  '2026-10-01',
  '2026-10-02',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07', // National Day
];
const WORKDAYS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('calendar data from chinese-days', () => {
  it('covers 2004..2026 with every year present', () => {
    expect(cal.coveredYears).toEqual({ from: 2004, to: 2026 });
    for (let y = 2004; y <= 2026; y++) {
      expect(cal.holidays.some((d) => d.startsWith(`${y}-`))).toBe(true);
    }
  });

  it('holds only weekday holidays and weekend make-up days, sorted and unique', () => {
    for (const d of cal.holidays) expect([1, 2, 3, 4, 5]).toContain(dow(d));
    for (const d of cal.workdays) expect([0, 6]).toContain(dow(d));
    expect([...cal.holidays].sort()).toEqual(cal.holidays);
    expect([...cal.workdays].sort()).toEqual(cal.workdays);
    expect(new Set(cal.holidays).size).toBe(cal.holidays.length);
    expect(new Set(cal.workdays).size).toBe(cal.workdays.length);
  });

  it('has exactly the 2026 State Council holidays and make-up working days', () => {
    expect(cal.holidays.filter((d) => d.startsWith('2026-'))).toEqual(HOLIDAYS_2026);
    expect(cal.workdays.filter((d) => d.startsWith('2026-'))).toEqual(WORKDAYS_2026);
  });

  it('classifies 2026 days accordingly', () => {
    for (const d of HOLIDAYS_2026) expect(isWorkingDay(cal, d)).toBe(false);
    for (const d of WORKDAYS_2026) expect(isWorkingDay(cal, d)).toBe(true);
    expect(isWorkingDay(cal, '2026-02-15')).toBe(false); // Sunday inside Spring Festival
    expect(isWorkingDay(cal, '2026-10-03')).toBe(false); // ordinary Saturday
    expect(isWorkingDay(cal, '2026-10-08')).toBe(true); // Thursday after National Day
    expect(isWorkingDay(cal, '2026-03-02')).toBe(true); // ordinary Monday
    // 248 working days in 2026: 261 weekdays - 19 weekday holidays + 6 make-up days
    expect(workingDaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(261 - 19 + 6);
  });

  it('returns a fresh, JSON-serialisable object each time', () => {
    const a = loadCalendar();
    a.holidays.push('2026-03-02');
    expect(loadCalendar().holidays).not.toContain('2026-03-02');
    const roundTripped: CalendarData = JSON.parse(JSON.stringify(cal));
    expect(roundTripped).toEqual(cal);
    expect(addWorkingDays(roundTripped, bj('2026-09-29T10:00:00'), 4)).toEqual(addWorkingDays(cal, bj('2026-09-29T10:00:00'), 4));
  });
});

describe('beijingDate', () => {
  it('uses UTC+8 regardless of the machine time zone', () => {
    expect(beijingDate(bj('2026-03-02T23:30:00'))).toBe('2026-03-02');
    expect(beijingDate(Date.parse('2026-03-02T15:59:59.999Z'))).toBe('2026-03-02');
    expect(beijingDate(Date.parse('2026-03-02T16:00:00.000Z'))).toBe('2026-03-03');
    expect(beijingDate(bj('2026-01-01T00:00:00'))).toBe('2026-01-01');
    expect(beijingDate(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(beijingDate(Date.parse('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(beijingDate(0)).toBe('1970-01-01');
  });

  it('rejects invalid instants', () => {
    expect(() => beijingDate(new Date('nope'))).toThrow(/invalid instant/);
    expect(() => beijingDate(NaN)).toThrow(/invalid instant/);
  });
});

describe('addWorkingDays', () => {
  it('worked example: dispatched 2026-09-29 10:00 Beijing + 4 working days -> 2026-10-10 24:00 Beijing', () => {
    // 9/30 (1), 10/1–10/7 off, 10/8 (2), 10/9 (3), 10/10 make-up Saturday (4)
    expect(addWorkingDays(cal, bj('2026-09-29T10:00:00'), 4)).toEqual({
      dueAt: '2026-10-10T16:00:00.000Z',
      dueDate: '2026-10-10',
      provisional: false,
    });
  });

  it('dueAt is 24:00 Beijing on dueDate', () => {
    const due = addWorkingDays(cal, bj('2026-09-29T10:00:00'), 4);
    expect(new Date(due.dueAt).getTime()).toBe(bj('2026-10-11T00:00:00').getTime());
  });

  it("never counts t's own date: 1 working day after a Monday morning is Tuesday", () => {
    expect(addWorkingDays(cal, bj('2026-03-02T00:00:00'), 1)).toEqual({
      dueAt: '2026-03-03T16:00:00.000Z',
      dueDate: '2026-03-03',
      provisional: false,
    });
    // from a Saturday: Monday
    expect(addWorkingDays(cal, bj('2026-03-07T12:00:00'), 1).dueDate).toBe('2026-03-09');
    // from Friday before Spring Festival: the make-up Saturday 2/14
    expect(addWorkingDays(cal, bj('2026-02-13T09:00:00'), 1).dueDate).toBe('2026-02-14');
    // and the next one after that is 2/24 (2/15–2/23 off)
    expect(addWorkingDays(cal, bj('2026-02-13T09:00:00'), 2).dueDate).toBe('2026-02-24');
  });

  it('counts from the Beijing date of a late-evening instant (23:30 Beijing is still 15:30Z)', () => {
    const lateEvening = bj('2026-03-02T23:30:00');
    expect(lateEvening.toISOString()).toBe('2026-03-02T15:30:00.000Z');
    expect(addWorkingDays(cal, lateEvening, 1).dueDate).toBe('2026-03-03');
    expect(addWorkingDays(cal, lateEvening.getTime(), 1).dueDate).toBe('2026-03-03');
    // half an hour later (00:30 Beijing on 3/3, still 3/2 in UTC) counts from 3/3
    expect(addWorkingDays(cal, Date.parse('2026-03-02T16:30:00Z'), 1).dueDate).toBe('2026-03-04');
  });

  it('crosses the year boundary into the 2026 New Year holiday', () => {
    // 1/1 (Thu) and 1/2 (Fri) off, 1/3 Saturday, 1/4 (Sun) make-up working day
    expect(addWorkingDays(cal, bj('2025-12-31T17:00:00'), 1)).toEqual({
      dueAt: '2026-01-04T16:00:00.000Z',
      dueDate: '2026-01-04',
      provisional: false,
    });
    expect(addWorkingDays(cal, bj('2025-12-31T17:00:00'), 2).dueDate).toBe('2026-01-05');
    expect(addWorkingDays(cal, bj('2025-12-30T17:00:00'), 2).dueDate).toBe('2026-01-04');
  });

  it('flags a deadline reaching into an uncovered year (2027) as provisional, assuming Mon–Fri', () => {
    expect(addWorkingDays(cal, bj('2026-12-30T10:00:00'), 1)).toEqual({
      dueAt: '2026-12-31T16:00:00.000Z',
      dueDate: '2026-12-31',
      provisional: false,
    });
    // 12/31 (1), 2027-01-01 Friday assumed working (2), 1/4 Monday (3)
    expect(addWorkingDays(cal, bj('2026-12-30T10:00:00'), 3)).toEqual({
      dueAt: '2027-01-04T16:00:00.000Z',
      dueDate: '2027-01-04',
      provisional: true,
    });
    expect(addWorkingDays(cal, bj('2027-03-01T10:00:00'), 1)).toEqual({
      dueAt: '2027-03-02T16:00:00.000Z',
      dueDate: '2027-03-02',
      provisional: true,
    });
    // before the data too
    expect(addWorkingDays(cal, bj('2003-06-02T10:00:00'), 1).provisional).toBe(true);
    // covered start: 2004-01-01 off (New Year), 1/2 Friday
    expect(addWorkingDays(cal, bj('2003-12-31T10:00:00'), 1)).toMatchObject({ dueDate: '2004-01-02', provisional: false });
  });

  it('requires a positive integer number of working days', () => {
    const t = bj('2026-03-02T10:00:00');
    for (const n of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => addWorkingDays(cal, t, n)).toThrow(/positive integer/);
    }
    expect(() => addWorkingDays(cal, new Date('invalid'), 1)).toThrow(/invalid instant/);
  });

  it('handles long spans (e.g. 60 working days across Spring Festival)', () => {
    const due = addWorkingDays(cal, bj('2026-01-05T10:00:00'), 60);
    expect(workingDaysBetween(cal, '2026-01-05', due.dueDate)).toBe(60);
    expect(isWorkingDay(cal, due.dueDate)).toBe(true);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days d with from < d <= to', () => {
    expect(workingDaysBetween(cal, '2026-09-29', '2026-10-10')).toBe(4);
    expect(workingDaysBetween(cal, '2026-09-29', '2026-10-09')).toBe(3);
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-02', '2026-03-09')).toBe(5);
    expect(workingDaysBetween(cal, '2026-03-02', '2026-03-02')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-09', '2026-03-02')).toBe(0);
    expect(workingDaysBetween(cal, '2025-12-31', '2026-01-04')).toBe(1);
  });

  it('agrees with addWorkingDays', () => {
    for (let n = 1; n <= 15; n++) {
      const due = addWorkingDays(cal, bj('2026-09-20T08:00:00'), n);
      expect(workingDaysBetween(cal, '2026-09-20', due.dueDate)).toBe(n);
    }
  });

  it('rejects malformed dates', () => {
    expect(() => workingDaysBetween(cal, '2026-9-29', '2026-10-10')).toThrow(/invalid date/);
    expect(() => isWorkingDay(cal, '2026-02-30')).toThrow(/invalid date/);
    expect(() => isWorkingDay(cal, '2026-10-10T00:00:00Z')).toThrow(/invalid date/);
  });
});

describe('nextWorkingDay', () => {
  it('returns the first working day strictly after the date', () => {
    expect(nextWorkingDay(cal, '2026-09-30')).toBe('2026-10-08');
    expect(nextWorkingDay(cal, '2026-10-09')).toBe('2026-10-10');
    expect(nextWorkingDay(cal, '2026-02-13')).toBe('2026-02-14');
    expect(nextWorkingDay(cal, '2026-02-14')).toBe('2026-02-24');
    expect(nextWorkingDay(cal, '2026-03-02')).toBe('2026-03-03');
    expect(nextWorkingDay(cal, '2025-12-31')).toBe('2026-01-04');
  });
});

describe('withOverrides', () => {
  const t = bj('2026-09-29T10:00:00');

  it('an extra local day off shifts the due date', () => {
    const local = withOverrides(cal, { holidays: ['2026-10-09'] });
    expect(isWorkingDay(local, '2026-10-09')).toBe(false);
    // 9/30 (1), 10/8 (2), 10/10 (3), 10/12 Monday (4)
    expect(addWorkingDays(local, t, 4)).toEqual({
      dueAt: '2026-10-12T16:00:00.000Z',
      dueDate: '2026-10-12',
      provisional: false,
    });
    // the national calendar is untouched
    expect(isWorkingDay(cal, '2026-10-09')).toBe(true);
    expect(addWorkingDays(cal, t, 4).dueDate).toBe('2026-10-10');
  });

  it('an extra local working day shifts the due date too', () => {
    const local = withOverrides(cal, { workdays: ['2026-10-04'] });
    expect(isWorkingDay(local, '2026-10-04')).toBe(true);
    // 9/30 (1), 10/4 (2), 10/8 (3), 10/9 (4)
    expect(addWorkingDays(local, t, 4).dueDate).toBe('2026-10-09');
    // a local working day on a national weekday holiday
    const local2 = withOverrides(cal, { workdays: ['2026-10-05'] });
    expect(local2.holidays).not.toContain('2026-10-05');
    expect(addWorkingDays(local2, t, 2).dueDate).toBe('2026-10-05');
  });

  it('a local day off can cancel a national make-up day', () => {
    const local = withOverrides(cal, { holidays: ['2026-10-10'] });
    expect(local.workdays).not.toContain('2026-10-10');
    expect(local.holidays).not.toContain('2026-10-10'); // Saturday: nothing to store
    expect(addWorkingDays(local, t, 4).dueDate).toBe('2026-10-12');
  });

  it('keeps the data normalised and coverage unchanged', () => {
    const local = withOverrides(cal, { holidays: ['2026-03-07', '2026-03-09', '2026-03-09'], workdays: ['2026-03-11'] });
    expect(local.coveredYears).toEqual(cal.coveredYears);
    expect(local.holidays.filter((d) => d.startsWith('2026-03'))).toEqual(['2026-03-09']); // Saturday 3/7 dropped
    expect(local.workdays.filter((d) => d.startsWith('2026-03'))).toEqual([]); // Wednesday 3/11 dropped
    expect(local.holidays.length).toBe(cal.holidays.length + 1);
    // an override in an uncovered year still yields a provisional result
    const future = withOverrides(cal, { holidays: ['2027-03-02'] });
    expect(addWorkingDays(future, bj('2027-03-01T10:00:00'), 1)).toMatchObject({ dueDate: '2027-03-03', provisional: true });
  });

  it('throws when a day is both an extra day off and an extra working day, or a date is invalid', () => {
    expect(() => withOverrides(cal, { holidays: ['2026-03-09'], workdays: ['2026-03-09'] })).toThrow(
      /2026-03-09 listed both as holiday and as workday/,
    );
    expect(() => withOverrides(cal, { holidays: ['2026-13-01'] })).toThrow(/invalid date/);
  });

  it('loadCalendar(overrides) applies them', () => {
    expect(addWorkingDays(loadCalendar({ holidays: ['2026-10-09'] }), t, 4).dueDate).toBe('2026-10-12');
  });
});

describe('loadCalendarFromEnv', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('returns the national calendar without the variable', () => {
    expect(loadCalendarFromEnv({})).toEqual(cal);
    expect(loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: '' })).toEqual(cal);
  });

  it('applies the overrides file', () => {
    const p = file('ok.json', JSON.stringify({ holidays: ['2026-10-09'], workdays: ['2026-10-04'] }));
    const local = loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: p });
    expect(isWorkingDay(local, '2026-10-09')).toBe(false);
    expect(isWorkingDay(local, '2026-10-04')).toBe(true);
    expect(loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: file('empty.json', '{}') })).toEqual(cal);
  });

  it('explains an unreadable file', () => {
    const p = join(dir, 'missing.json');
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: p })).toThrow(
      /HOTLINE_CALENDAR_OVERRIDES=.*missing\.json: cannot read calendar overrides file/,
    );
  });

  it('explains invalid JSON', () => {
    const p = file('bad.json', '{ holidays: [');
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: p })).toThrow(/not valid JSON/);
  });

  it('explains invalid content', () => {
    const badDate = file('bad-date.json', JSON.stringify({ holidays: ['2026-02-30'] }));
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: badDate })).toThrow(/invalid calendar overrides[\s\S]*holidays/);
    const typo = file('typo.json', JSON.stringify({ holiday: ['2026-03-09'] }));
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: typo })).toThrow(/invalid calendar overrides/);
    const notObject = file('array.json', '[]');
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: notObject })).toThrow(/invalid calendar overrides/);
    const both = file('both.json', JSON.stringify({ holidays: ['2026-03-09'], workdays: ['2026-03-09'] }));
    expect(() => loadCalendarFromEnv({ [CALENDAR_OVERRIDES_ENV]: both })).toThrow(
      /HOTLINE_CALENDAR_OVERRIDES=.*listed both as holiday and as workday/,
    );
  });
});

describe('domain/calendar.ts is workflow-safe', () => {
  it('has no imports and never reads the clock, Intl or the local time zone', () => {
    const src = readFileSync(join(__dirname, '../../domain/calendar.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(src).not.toMatch(/\bimport\b|\brequire\s*\(/);
    expect(src).not.toMatch(/Date\.now|new Date\s*\(|\bIntl\b|getTimezoneOffset|toLocale|Math\.random/);
  });
});

describe('calendarFrom: the years a ticket can need', () => {
  const full = loadCalendar();

  test('drops the years before the registration’s Beijing year, and nothing after it', () => {
    // 2025-12-31T16:30Z is already 2026-01-01 00:30 in Beijing.
    const cut = calendarFrom(full, Date.parse('2025-12-31T16:30:00Z'));
    expect(cut.coveredYears).toEqual({ from: 2026, to: full.coveredYears.to });
    expect([...cut.holidays, ...cut.workdays].every((d) => d >= '2026-01-01')).toBe(true);
    expect(cut.holidays).toEqual(full.holidays.filter((d) => d >= '2026'));
    expect(cut.workdays).toEqual(full.workdays.filter((d) => d >= '2026'));
    expect(JSON.stringify(cut).length).toBeLessThan(JSON.stringify(full).length / 5);
    // A year outside the table keeps its last covered year (plain Mon–Fri beyond it, as before).
    expect(calendarFrom(full, Date.parse('2031-05-01T00:00:00Z')).coveredYears).toEqual({ from: full.coveredYears.to, to: full.coveredYears.to });
    expect(calendarFrom(full, Date.parse('1999-05-01T00:00:00Z'))).toBe(full);
  });

  test('every deadline from the registration on is the same as with the whole table', () => {
    const registered = Date.parse('2025-01-20T02:00:00Z');
    const cut = calendarFrom(full, registered);
    for (let day = 0; day < 700; day += 1) {
      const from = registered + day * 86_400_000;
      for (const n of [1, 4, 10]) expect(addWorkingDays(cut, from, n)).toEqual(addWorkingDays(full, from, n));
    }
  });
});
