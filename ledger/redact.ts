// What the ledger keeps of a ticket: everything but the citizens' phone numbers and names. Those
// fields are dropped, and any place they were copied into free text (description, notes, follow-up
// remarks) has them masked, as has any other phone number written there in any usual format
// (domain/phone-text.ts), so the ledger never holds them. Text PostgreSQL cannot store is mended.
import { maskPhonesInText } from '../domain/phone-text';
import type { TicketState } from '../domain/ticket';

export const MASK = '***';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings to mask: each citizen's phone (also without separators) and name (2+ characters). */
function secretsOf(t: TicketState): string[] {
  const out = new Set<string>();
  for (const r of t.requesters) {
    if (r.phone) {
      out.add(r.phone.trim());
      const digits = r.phone.replace(/\D/g, '');
      if (digits.length >= 5) out.add(digits);
    }
    if (r.name && r.name.trim().length >= 2) out.add(r.name.trim());
  }
  return [...out].filter(Boolean).sort((a, b) => b.length - a.length);
}

// PostgreSQL refuses NUL in text and a UTF-16 half (a lone surrogate) in jsonb: the whole write
// would fail, and be retried for ever. Both become U+FFFD, as a decoder shows a broken character.
// eslint-disable-next-line no-control-regex -- NUL is what this pattern exists to find
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store: NUL and lone surrogates become U+FFFD. */
export const storableText = (s: string): string => s.replace(UNSTORABLE, '\uFFFD');

/** Whether `s` holds what PostgreSQL cannot store (NUL, a lone surrogate). */
export const hasUnstorable = (s: string): boolean => new RegExp(UNSTORABLE.source).test(s);

function scrub(value: unknown, re: RegExp | undefined): unknown {
  if (typeof value === 'string') {
    const storable = storableText(value);
    return maskPhonesInText(re ? storable.replace(re, MASK) : storable, MASK);
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, re));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, re)]));
  }
  return value;
}

/** A deep copy of `t` with no citizen phone number or name anywhere in it. */
export function redactState(t: TicketState): TicketState {
  const secrets = secretsOf(t);
  const re = secrets.length ? new RegExp(secrets.map(escape).join('|'), 'g') : undefined;
  const copy = scrub(JSON.parse(JSON.stringify(t)), re) as TicketState;
  copy.requesters = copy.requesters.map(({ phone: _phone, name: _name, ...rest }) => rest);
  // The handler's official work number is no citizen's: the ledger keeps it, as it always did.
  if (copy.reply && t.reply) copy.reply.handlerPhone = t.reply.handlerPhone;
  return copy;
}
