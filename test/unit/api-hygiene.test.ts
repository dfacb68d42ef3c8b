// Pure parts of the HTTP hygiene (issue 24): download file names, page tokens, extension dates.
import { attachment } from '../../api/attachment';
import { ApiError } from '../../api/errors';
import { inputBoundsIssues } from '../../api/input-bounds';
import { decodePageToken } from '../../api/ticket-list';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('Content-Disposition', () => {
  test('a plain name stays as it is, with its RFC 5987 twin', () => {
    expect(attachment('ranking_2026-11.csv')).toBe(`attachment; filename="ranking_2026-11.csv"; filename*=UTF-8''ranking_2026-11.csv`);
  });

  test.each([
    ['a";x=.exe', 'unit-stats_a__x=.exe.csv'],
    ['水务局', 'unit-stats_水务局.csv'],
    ['a\r\nSet-Cookie: x=1', 'unit-stats_a\r\nSet-Cookie: x=1.csv'],
    ["it's (1)*!", "unit-stats_it's (1)*!.csv"],
  ])('%j cannot break out of the header or add a parameter', (unit, _) => {
    const header = attachment(`unit-stats_${unit}.csv`);
    const [, ascii] = header.match(/filename="([^"]*)"/)!;
    expect(ascii).toMatch(/^[A-Za-z0-9._-]+$/);
    // Exactly the two parameters, and nothing a header may not hold.
    expect(header.split(';')).toHaveLength(3);
    expect(header).toMatch(/^[\x21-\x7e ]+$/);
    const [, encoded] = header.match(/filename\*=UTF-8''(\S+)$/)!;
    expect(encoded).toMatch(/^[A-Za-z0-9%._~-]+$/);
    expect(decodeURIComponent(encoded)).toBe(`unit-stats_${unit}.csv`);
  });
});

describe('page tokens', () => {
  const refused = (token: string) => {
    try {
      decodePageToken(token);
    } catch (err) {
      return (err as ApiError).code;
    }
    return 'accepted';
  };

  test('only the shapes Temporal’s visibility stores write are sent on', () => {
    const run = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(refused(b64({ CloseTime: '0001-01-01T00:00:00Z', StartTime: '2026-12-03T00:00:00.123456789+08:00', RunID: run }))).toBe('accepted');
    expect(refused(b64({ SearchAfter: [1733212800000, 'r'] }))).toBe('accepted');
    const forged = [
      b64({ CloseTime: 'x', StartTime: 'y', RunID: 'z' }),
      b64({ CloseTime: '0001-01-01T00:00:00Z', StartTime: '2026-12-03', RunID: run }),
    ];
    for (const bad of [...forged, 'W10', b64({}), b64({ x: 1 }), b64('a'), b64(null), b64(7), b64({ SearchAfter: [] }), 'bm90LWpzb24']) {
      expect([bad, refused(bad)]).toEqual([bad, 'validation_failed']);
    }
  });
});

describe('extension dates', () => {
  // A December day: the holiday calendar's years end within days, an extension into January must pass.
  const now = new Date('2026-12-20T10:00:00+08:00');

  test('until at most a year ahead passes, past the calendar’s years too; beyond it is a 400 on until', () => {
    const ask = (until: string) => inputBoundsIssues(now, 'requestExtension', { reason: 'r', commitment: 'c', until });
    expect(ask('2027-01-15')).toEqual([]);
    expect(ask('2027-12-21')).toEqual([]);
    expect(ask('2027-12-22')).toEqual([{ path: 'until', message: 'must be at most 366 days ahead (at most 2027-12-21)' }]);
    expect(ask('9999-12-31').map((i) => i.path)).toEqual(['until']);
    expect(inputBoundsIssues(now, 'note', { note: '9999-12-31' })).toEqual([]);
  });
});
