// The voice provider's signed callbacks: HMAC-SHA256 over `${t}.${rawBody}`, 5-minute tolerance.
import { createHmac } from 'node:crypto';
import {
  followUpInputOf,
  parseSignatureHeader,
  parseVoiceCallback,
  signBody,
  SIGNATURE_TOLERANCE_SECONDS,
  verifyBody,
} from '../../follow-up/signature';

const SECRET = 'callback-secret-0123456789';
const body = JSON.stringify({ ticket: 'T-1', requester: 0, outcome: 'answered', satisfaction: 'satisfied', resolved: true });
const T = 1_790_000_000;

describe('callback signature', () => {
  test('the header is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, and it verifies', () => {
    const header = signBody(body, SECRET, T);
    const expected = createHmac('sha256', SECRET).update(`${T}.${body}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${expected}`);
    expect(verifyBody(header, body, SECRET, { now: T + 10 })).toEqual({ ok: true, timestamp: T });
    expect(verifyBody(header, Buffer.from(body), SECRET, { now: T })).toEqual({ ok: true, timestamp: T });
  });

  test('tampered body, tampered timestamp, tampered digest → mismatch', () => {
    const header = signBody(body, SECRET, T);
    expect(verifyBody(header, body.replace('satisfied', 'unsatisfied'), SECRET, { now: T })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyBody(header.replace(`t=${T}`, `t=${T + 1}`), body, SECRET, { now: T })).toEqual({ ok: false, reason: 'mismatch' });
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(verifyBody(flipped, body, SECRET, { now: T })).toEqual({ ok: false, reason: 'mismatch' });
    // Re-serialized JSON is not the raw body: whitespace counts.
    expect(verifyBody(header, JSON.stringify(JSON.parse(body), null, 1), SECRET, { now: T })).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('wrong secret → mismatch; rotation: any of several secrets, any of several v1 entries', () => {
    const header = signBody(body, SECRET, T);
    expect(verifyBody(header, body, 'another-secret-0123456789', { now: T })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyBody(header, body, ['another-secret-0123456789', SECRET], { now: T }).ok).toBe(true);
    const both = signBody(body, ['new-secret-0123456789abc', SECRET], T);
    expect(parseSignatureHeader(both)?.signatures).toHaveLength(2);
    expect(verifyBody(both, body, 'new-secret-0123456789abc', { now: T }).ok).toBe(true);
  });

  test('replay: a captured request is refused once the 5-minute tolerance has passed (either way)', () => {
    const header = signBody(body, SECRET, T);
    expect(verifyBody(header, body, SECRET, { now: T + SIGNATURE_TOLERANCE_SECONDS }).ok).toBe(true);
    expect(verifyBody(header, body, SECRET, { now: T + SIGNATURE_TOLERANCE_SECONDS + 1 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyBody(header, body, SECRET, { now: T - SIGNATURE_TOLERANCE_SECONDS - 1 })).toEqual({ ok: false, reason: 'expired' });
    // A fresh timestamp on an old digest does not help the attacker.
    expect(verifyBody(header.replace(`t=${T}`, `t=${T + 3600}`), body, SECRET, { now: T + 3600 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('missing or malformed headers', () => {
    expect(verifyBody(undefined, body, SECRET)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyBody('', body, SECRET)).toEqual({ ok: false, reason: 'missing' });
    for (const bad of [
      'garbage',
      `t=${T}`,
      'v1=' + 'a'.repeat(64),
      `t=abc,v1=${'a'.repeat(64)}`,
      `t=${T},v1=xyz`,
      `t=${T},t=${T},v1=${'a'.repeat(64)}`,
    ]) {
      expect(verifyBody(bad, body, SECRET, { now: T })).toEqual({ ok: false, reason: 'malformed' });
    }
    // An express header array: the first value counts.
    expect(verifyBody([signBody(body, SECRET, T)], body, SECRET, { now: T }).ok).toBe(true);
  });

  test('the callback body: validated; an answered call becomes the followUp action input', () => {
    const ok = parseVoiceCallback(JSON.parse(body));
    expect(ok).toEqual({ ok: true, value: JSON.parse(body) });
    expect(ok.ok && followUpInputOf(ok.value)).toEqual({ satisfaction: 'satisfied', resolved: true, requester: 0, note: '自动语音回访' });
    const noAnswer = parseVoiceCallback({ ticket: 'T-1', requester: 1, outcome: 'no_answer' });
    expect(noAnswer.ok && followUpInputOf(noAnswer.value)).toBeUndefined();
    const incomplete = parseVoiceCallback({ ticket: 'T-1', requester: 0, outcome: 'answered' });
    expect(incomplete.ok).toBe(false);
    expect(parseVoiceCallback({ ticket: 'T-1', requester: -1, outcome: 'maybe' }).ok).toBe(false);
  });
});
