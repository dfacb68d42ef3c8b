// The rating link of the `link` follow-up provider: ${publicUrl}/rate/<token>.
//
// A token names one requester of one ticket in one follow-up round, and when it stops being valid:
//
//     <base64url(JSON {v:1, t: ticket, r: requester, n: round, e: expiresAt ms})>.<base64url(HMAC-SHA256)>
//
// The MAC covers a domain-separated string ("hotline-rating-v1." + payload part), so nothing else
// signed with the same secret can pass for a token. Tokens are stateless; single use is the API's
// job: it records `ratingTokenKey(payload)` when a rating is accepted and passes `isUsed` to
// readRatingToken, which then answers 'used'. The key is per (ticket, requester, round), so every
// reminder SMS of one round counts as the same token (the ticket's `followUp` action refuses a
// second rating of one requester in one round anyway).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RatingTokenPayload {
  ticket: string;
  /** Index of the requester in the ticket's `requesters`. */
  requester: number;
  /** Follow-up round (0 = first handling, n = after the n-th re-handle). */
  round: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type RatingTokenFailure = 'expired' | 'invalid' | 'used';
export type RatingTokenRead = { ok: true; payload: RatingTokenPayload; key: string } | { ok: false; reason: RatingTokenFailure };

/** Default validity of a rating link: 7 days. */
export const DEFAULT_RATING_TTL_MS = 7 * 24 * 3_600_000;

const CONTEXT = 'hotline-rating-v1.';
const mac = (body: string, secret: string) =>
  createHmac('sha256', secret)
    .update(CONTEXT + body)
    .digest();

/** The single-use key of a token: one rating per (ticket, requester, round). */
export const ratingTokenKey = (p: Pick<RatingTokenPayload, 'ticket' | 'requester' | 'round'>): string => `${p.ticket}#${p.requester}#${p.round}`;

export function createRatingToken(payload: RatingTokenPayload, secret: string): string {
  if (!secret) throw new Error('createRatingToken: empty secret');
  const { ticket, requester, round, expiresAt } = payload;
  if (!ticket || !Number.isInteger(requester) || requester < 0 || !Number.isInteger(round) || round < 0) {
    throw new Error('createRatingToken: invalid payload');
  }
  if (!Number.isFinite(expiresAt)) throw new Error('createRatingToken: invalid expiresAt');
  const body = Buffer.from(JSON.stringify({ v: 1, t: ticket, r: requester, n: round, e: Math.floor(expiresAt) })).toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/**
 * Reads a token: its payload, or why it cannot be used. The signature is checked first, so an
 * altered token is 'invalid' whatever it claims about its expiry. `secret` may list several
 * secrets (rotation).
 */
export function readRatingToken(
  token: string,
  secret: string | string[],
  now: number = Date.now(),
  options: { isUsed?: (key: string) => boolean } = {},
): RatingTokenRead {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (typeof token !== 'string' || token.length > 1024) return invalid;
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0]) || !/^[\w-]+$/.test(parts[1])) return invalid;
  const [body, sig] = parts;
  const given = Buffer.from(sig, 'base64url');
  // Only the canonical encoding: no second spelling of the same signature.
  if (given.toString('base64url') !== sig) return invalid;
  const secrets = (Array.isArray(secret) ? secret : [secret]).filter(Boolean);
  if (secrets.length === 0) throw new Error('readRatingToken: empty secret');
  let match = false;
  for (const s of secrets) {
    const expected = mac(body, s);
    match = (given.length === expected.length && timingSafeEqual(given, expected)) || match;
  }
  if (!match) return invalid;

  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  const p = raw as { v?: unknown; t?: unknown; r?: unknown; n?: unknown; e?: unknown };
  if (
    p.v !== 1 ||
    typeof p.t !== 'string' ||
    !p.t ||
    !Number.isInteger(p.r) ||
    !Number.isInteger(p.n) ||
    typeof p.e !== 'number' ||
    !Number.isFinite(p.e)
  ) {
    return invalid;
  }
  const payload: RatingTokenPayload = { ticket: p.t, requester: p.r as number, round: p.n as number, expiresAt: p.e };
  if (now >= payload.expiresAt) return { ok: false, reason: 'expired' };
  const key = ratingTokenKey(payload);
  if (options.isUsed?.(key)) return { ok: false, reason: 'used' };
  return { ok: true, payload, key };
}
