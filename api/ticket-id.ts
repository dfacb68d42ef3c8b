// Ticket numbers (工单编号): the Beijing date and seven digits, e.g. `20261123-0042117`.
// Without an Idempotency-Key the digits are random; with one they are derived from the key (and
// the caller), so every retry of an intake computes the same number. Pure.
import { createHash, randomInt } from 'node:crypto';
import { beijingDate } from '../domain/calendar';

export const TICKET_ID_PATTERN = /^\d{8}-\d{7}$/;
const DIGITS = 10_000_000;

/** `YYYYMMDD` of the instant's Beijing date: the first part of a ticket number. */
export const ticketDate = (at: Date | number): string => beijingDate(at).replace(/-/g, '');

const pad = (n: number | bigint) => n.toString().padStart(7, '0');

export function randomTicketId(at: Date | number): string {
  return `${ticketDate(at)}-${pad(randomInt(0, DIGITS))}`;
}

/** What a ticket remembers of the key it was opened with: a hash, bound to the caller. */
export function idempotencyKeyHash(sub: string, key: string): string {
  return createHash('sha256').update(`hotline-intake-v1\n${sub}\n${key}`).digest('hex');
}

/**
 * The n-th ticket number a key may take on a Beijing date. Attempt 0 is the usual one; the next
 * ones are probed only when an earlier number already belongs to another ticket (a collision of
 * seven digits), in the same order by every retry.
 */
export function idempotentTicketId(keyHash: string, date: string, attempt: number): string {
  const h = createHash('sha256').update(`${keyHash}:${date}:${attempt}`).digest('hex');
  return `${date}-${pad(BigInt(`0x${h.slice(0, 16)}`) % BigInt(DIGITS))}`;
}

/** A canonical hash of the intake, to tell a retry from a reuse of the key for another request. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
