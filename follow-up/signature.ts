// Signed callbacks between the hotline and its automated follow-up provider (voice calls).
//
// Scheme (Stripe-style): the sender computes HMAC-SHA256 over `${timestamp}.${rawBody}` with the
// shared secret (HOTLINE_CALLBACK_SECRET) and sends
//
//     X-Hotline-Signature: t=<unix seconds>,v1=<hex digest>
//
// The receiver recomputes the digest over the *raw* request bytes (before any JSON parsing),
// compares in constant time, and refuses timestamps more than 5 minutes away from its clock, so a
// captured request cannot be replayed later. Several `v1=` entries may appear (the sender signs with
// old and new secret while a secret is rotated); verify also accepts several secrets.
//
// The voice provider's callback, POST {HOTLINE_PUBLIC_URL}/api/v1/callbacks/voice, carries
//
//     {
//       "ticket": "T-…",                    // the ticket id we sent in the call request
//       "requester": 0,                      // index of the requester called (callees[].requester)
//       "outcome": "answered" | "no_answer" | "refused",
//       "satisfaction"?: "satisfied" | "basically_satisfied" | "unsatisfied",   // when answered
//       "resolved"?: true | false,                                               // when answered
//       "note"?: "free text, at most 2000 characters",
//       "round"?: 0, "attempt"?: 1           // echoed from the call request when the provider can
//     }
//
// `parseVoiceCallback` validates that shape; `followUpInputOf` turns an answered call into the
// input of the ticket's `followUp` action (actor: the system). The same sign function signs our
// outgoing requests to the provider, so it can authenticate us the same way.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SIGNATURE_HEADER = 'X-Hotline-Signature';
/** How far a signature's timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'missing' | 'malformed' | 'expired' | 'mismatch';
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

const digest = (secret: string, timestamp: number, rawBody: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * The `X-Hotline-Signature` header value for a body. `secret` may list several secrets (rotation):
 * one `v1=` entry each.
 */
export function signBody(rawBody: string | Buffer, secret: string | string[], timestamp: number = nowSeconds()): string {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secrets.length === 0 || secrets.some((s) => !s)) throw new Error('signBody: empty secret');
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${digest(s, timestamp, rawBody)}`)].join(',');
}

/** Parses `t=…,v1=…[,v1=…]`; unknown keys (future schemes) are ignored. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined;
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

export interface VerifyOptions {
  /** The receiver's clock, unix seconds (default: now). */
  now?: number;
  toleranceSeconds?: number;
}

/**
 * Checks a request's signature header against its raw body. Pass the exact bytes received
 * (express: `express.raw({ type: 'application/json' })`), not re-serialized JSON.
 */
export function verifyBody(
  header: string | string[] | undefined,
  rawBody: string | Buffer,
  secret: string | string[],
  options: VerifyOptions = {},
): SignatureCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(value);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const now = options.now ?? nowSeconds();
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance) return { ok: false, reason: 'expired' };
  const secrets = (Array.isArray(secret) ? secret : [secret]).filter(Boolean);
  if (secrets.length === 0) throw new Error('verifyBody: empty secret');
  // Every comparison runs in full (no early exit), each in constant time.
  let match = false;
  for (const s of secrets) {
    const expected = Buffer.from(digest(s, parsed.timestamp, rawBody), 'hex');
    for (const sig of parsed.signatures) {
      match = timingSafeEqual(expected, Buffer.from(sig, 'hex')) || match;
    }
  }
  return match ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}

export const voiceCallbackSchema = z
  .object({
    ticket: z.string().min(1).max(64),
    requester: z.number().int().min(0),
    outcome: z.enum(['answered', 'no_answer', 'refused']),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).optional(),
    resolved: z.boolean().optional(),
    note: z.string().max(2000).optional(),
    round: z.number().int().min(0).optional(),
    attempt: z.number().int().min(1).optional(),
  })
  .refine((b) => b.outcome !== 'answered' || (b.satisfaction !== undefined && b.resolved !== undefined), {
    error: 'an answered call carries satisfaction and resolved',
    path: ['satisfaction'],
  });
export type VoiceCallback = z.infer<typeof voiceCallbackSchema>;

export function parseVoiceCallback(body: unknown): { ok: true; value: VoiceCallback } | { ok: false; issues: { path: string; message: string }[] } {
  const r = voiceCallbackSchema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })) };
}

/**
 * The `followUp` action input for a callback, or undefined when the call reached nobody
 * (no_answer) or the citizen refused to rate (refused): then the schedule's next attempt, the
 * manual queue and finally the unreachable rule take over.
 */
export function followUpInputOf(
  cb: VoiceCallback,
): { satisfaction: NonNullable<VoiceCallback['satisfaction']>; resolved: boolean; requester: number; note?: string } | undefined {
  if (cb.outcome !== 'answered' || cb.satisfaction === undefined || cb.resolved === undefined) return undefined;
  return {
    satisfaction: cb.satisfaction,
    resolved: cb.resolved,
    requester: cb.requester,
    note: cb.note ? `自动语音回访：${cb.note}`.slice(0, 2000) : '自动语音回访',
  };
}
