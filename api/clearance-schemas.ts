// GET /api/v1/clearance (动态清零, seed 003): the query, validated with field details, and the
// answer, generated into the OpenAPI document. The register itself: ledger/clearance.ts, read a
// page at a time by ledger/clearance-page.ts.
import { z } from 'zod';
import type { ClearanceKey } from '../ledger/clearance-page';
import { format, month, realDate, unitCode } from './stats-schemas';

const CLEARANCE_PAGE = { default: 50, max: 500 };

/** The next page's cursor: the last entry's key, opaque to clients (base64url of its JSON). */
export const clearanceCursorOf = (k: ClearanceKey): string => Buffer.from(JSON.stringify([k.unit, k.enteredOn, k.ticketId])).toString('base64url');

const keySchema = z.tuple([unitCode, realDate, z.string().min(1).max(200)]);
const cursor = z
  .string()
  .max(1_000)
  .transform((s, c): ClearanceKey => {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    } catch {
      json = undefined;
    }
    const k = keySchema.safeParse(json);
    if (!k.success) {
      c.addIssue({ code: 'custom', message: 'not a cursor this register gave (use nextCursor as it came)' });
      return z.NEVER;
    }
    return { unit: k.data[0], enteredOn: k.data[1], ticketId: k.data[2] };
  })
  .meta({ description: 'nextCursor of the previous page; absent for the first page' });

export const clearanceQuerySchema = z.object({
  month,
  unit: unitCode.optional().meta({ description: 'only this unit (unit leaders: their own, the default)' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CLEARANCE_PAGE.max)
    .default(CLEARANCE_PAGE.default)
    .meta({
      description: `entries per page (JSON only; the CSV exports every entry), ${CLEARANCE_PAGE.default} by default, at most ${CLEARANCE_PAGE.max}`,
    }),
  cursor: cursor.optional(),
  format,
});

const entrySchema = z.object({
  ticketId: z.string(),
  unit: z.string().meta({ description: 'the unit that had the ticket when the follow-up found it unresolved or unsatisfied' }),
  category: z.string(),
  district: z.string(),
  street: z.string().nullable(),
  unsatisfied: z.boolean(),
  unresolved: z.boolean(),
  enteredOn: z.string().meta({ description: 'Beijing date it entered the register' }),
  carriedOver: z.boolean().meta({ description: 'entered in an earlier month, still open at this month’s start (结转)' }),
  handlerName: z.string().nullable().meta({ description: '责任人: the handler named in the unit’s reply' }),
  signedOffBy: z.string().nullable().meta({ description: 'the unit leader who signed the reply off' }),
  status: z.string(),
  closure: z.string().nullable(),
  clearedOn: z.string().nullable().meta({ description: 'Beijing date it was cleared (清零) by the month’s end; null while open' }),
  clearedBy: z.enum(['resolved', 'non_compliant']).nullable(),
});

export const clearanceRegisterSchema = z.object({
  month: z.string(),
  units: z
    .array(z.object({ unit: z.string(), entries: z.number().int(), cleared: z.number().int(), open: z.number().int() }))
    .meta({ description: 'per unit: the month’s entries (all of them, not only this page’s), cleared by its end, still open' }),
  entries: z.array(entrySchema).meta({ description: 'one page, in order of unit, date entered, ticket' }),
  nextCursor: z.string().nullable().meta({ description: 'pass as cursor for the next page; null on the last page' }),
});
