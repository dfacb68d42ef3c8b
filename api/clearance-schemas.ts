// GET /api/v1/clearance (动态清零, seed 003): the query, validated with field details, and the
// answer, generated into the OpenAPI document. The register itself: ledger/clearance.ts.
import { z } from 'zod';
import { format, month, unitCode } from './stats-schemas';

export const clearanceQuerySchema = z.object({
  month,
  unit: unitCode.optional().meta({ description: 'only this unit (unit leaders: their own, the default)' }),
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
  entries: z.array(entrySchema),
  units: z.array(z.object({ unit: z.string(), entries: z.number().int(), cleared: z.number().int(), open: z.number().int() })),
});
