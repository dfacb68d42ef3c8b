// Rating-link tokens: signed, expiring, single use (with the API's record of used keys).
import { createRatingToken, ratingTokenKey, readRatingToken } from '../../follow-up/rating-token';

const SECRET = 'rating-secret-0123456789';
const NOW = Date.parse('2026-03-10T02:00:00Z');
const payload = { ticket: 'T-2026-000123', requester: 1, round: 0, expiresAt: NOW + 7 * 24 * 3_600_000 };

describe('rating token', () => {
  test('round trip: the payload and its single-use key', () => {
    const token = createRatingToken(payload, SECRET);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/); // URL-safe as it is
    expect(readRatingToken(token, SECRET, NOW)).toEqual({ ok: true, payload, key: ratingTokenKey(payload) });
  });

  test('expiry: valid until just before expiresAt, then expired', () => {
    const token = createRatingToken(payload, SECRET);
    expect(readRatingToken(token, SECRET, payload.expiresAt - 1).ok).toBe(true);
    expect(readRatingToken(token, SECRET, payload.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  test('tamper: another payload under the old signature, a changed signature, garbage → invalid', () => {
    const token = createRatingToken(payload, SECRET);
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, t: payload.ticket, r: 0, n: 0, e: payload.expiresAt })).toString('base64url');
    expect(readRatingToken(`${forged}.${sig}`, SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
    // Extending one's own expiry is tampering too, even for an expired token.
    const later = Buffer.from(JSON.stringify({ v: 1, t: payload.ticket, r: 1, n: 0, e: NOW + 1e10 })).toString('base64url');
    expect(readRatingToken(`${later}.${sig}`, SECRET, payload.expiresAt + 1)).toEqual({ ok: false, reason: 'invalid' });
    const other = sig.startsWith('A') ? 'B' + sig.slice(1) : 'A' + sig.slice(1);
    expect(readRatingToken(`${token.split('.')[0]}.${other}`, SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'abc', 'a.b.c', `${token}.x`, `${token.split('.')[0]}.`, 'x'.repeat(2000)]) {
      expect(readRatingToken(bad, SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  test('a well-signed body that is not a token payload → invalid', () => {
    // Signed with the right secret but the wrong shape (e.g. a future version).
    const token = createRatingToken(payload, SECRET);
    expect(readRatingToken(token.replace(/^[\w-]+/, Buffer.from('{"v":2}').toString('base64url')), SECRET, NOW).ok).toBe(false);
  });

  test('wrong secret → invalid; rotation accepts the old secret alongside the new', () => {
    const token = createRatingToken(payload, SECRET);
    expect(readRatingToken(token, 'wrong-secret-0123456789', NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(readRatingToken(token, ['new-secret-0123456789', SECRET], NOW).ok).toBe(true);
  });

  test('replay: once the API records the key, the same token (and any other of that round) is used', () => {
    const used = new Set<string>();
    const token = createRatingToken(payload, SECRET);
    const first = readRatingToken(token, SECRET, NOW, { isUsed: (k) => used.has(k) });
    expect(first.ok).toBe(true);
    if (first.ok) used.add(first.key);
    expect(readRatingToken(token, SECRET, NOW, { isUsed: (k) => used.has(k) })).toEqual({ ok: false, reason: 'used' });
    // A reminder SMS of the same round carries a different token with the same key.
    const reminder = createRatingToken({ ...payload, expiresAt: payload.expiresAt + 3_600_000 }, SECRET);
    expect(reminder).not.toBe(token);
    expect(readRatingToken(reminder, SECRET, NOW, { isUsed: (k) => used.has(k) })).toEqual({ ok: false, reason: 'used' });
    // The next round (after a re-handle) is a new rating.
    const next = createRatingToken({ ...payload, round: 1 }, SECRET);
    expect(readRatingToken(next, SECRET, NOW, { isUsed: (k) => used.has(k) }).ok).toBe(true);
  });

  test('refuses to create a token without a secret or with a bad payload', () => {
    expect(() => createRatingToken(payload, '')).toThrow();
    expect(() => createRatingToken({ ...payload, requester: -1 }, SECRET)).toThrow();
    expect(() => createRatingToken({ ...payload, expiresAt: NaN }, SECRET)).toThrow();
  });
});
