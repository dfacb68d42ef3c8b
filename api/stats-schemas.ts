// Zod schemas of the statistics routes (issue 6): the query strings, validated with field details,
// and the JSON answers, generated into the OpenAPI document. The figures themselves are defined in
// ledger/stats.ts and docs/STATISTICS.md.
import { z } from 'zod';
import { assertDate } from '../ledger/period';
import { countKeys, countLabels, rateDefinitions, rateKeys } from '../ledger/stats';
import { hotlineCountKeys, hotlineCountLabels, hotlineRateDefinitions, hotlineRateKeys } from '../ledger/hotline-stats';
import { measureLabels } from '../ledger/ranking';
import { channels, requestTypes, requestTypeSchema } from '../domain/ticket';
import { citizenKindView, labelled } from './schemas';

/** The longest period one request may cover. */
export const MAX_PERIOD_DAYS = 366;

export const realDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((d) => {
    try {
      assertDate(d);
      return true;
    } catch {
      return false;
    }
  }, 'not a real calendar date')
  .meta({ description: 'Beijing calendar date YYYY-MM-DD (inclusive)' });
/** The ledger starts with this service; earlier months hold nothing (and year 0 is no month at all). */
const FIRST_YEAR = 2000;
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM')
  .refine((m) => Number(m.slice(0, 4)) >= FIRST_YEAR, `no month before ${FIRST_YEAR}`)
  .meta({ description: 'Beijing calendar month YYYY-MM' });
export const format = z.enum(['json', 'csv']).default('json').meta({ description: 'csv: UTF-8 with BOM, Chinese headers (Excel-ready)' });
export const unitCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a catalog unit code')
  .max(64);

const channelCodes = Object.keys(channels) as [keyof typeof channels, ...(keyof typeof channels)[]];

/** The dimensions a statistic may be cut by (ledger/dimensions.ts). */
export const dimensionQuery = {
  requestType: z
    .union([requestTypeSchema, z.literal('unknown')])
    .optional()
    .meta({ description: `${labelled(requestTypes)}; unknown: tickets registered before the request type was asked` }),
  citizenKind: citizenKindView.optional(),
  channel: z
    .enum(channelCodes)
    .optional()
    .meta({ description: `${labelled(channels)} (police_110: the tickets 110 transferred, counted apart)` }),
};

const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

const periodChecks = (q: { from: string; to: string }, c: z.RefinementCtx) => {
  if (q.from > q.to) c.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
  else if (days(q.from, q.to) > MAX_PERIOD_DAYS)
    c.addIssue({ code: 'custom', path: ['to'], message: `a period covers at most ${MAX_PERIOD_DAYS} days` });
};

export const unitStatsQuerySchema = z
  .object({
    from: realDate,
    to: realDate,
    unit: unitCode.optional().meta({ description: 'only this unit (unit leaders: their own, the default)' }),
    ...dimensionQuery,
    format,
  })
  .superRefine(periodChecks);

export const hotlineQuerySchema = z.object({ from: realDate, to: realDate, ...dimensionQuery, format }).superRefine(periodChecks);

const numberedRate = (d: { label: string; numerator: string; denominator: string }) =>
  z
    .number()
    .nullable()
    .meta({ description: `${d.label} = ${d.numerator} / ${d.denominator}; null when the denominator is 0` });

export const hotlineReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  ...(Object.fromEntries(hotlineCountKeys.map((k) => [k, z.number().int().meta({ description: hotlineCountLabels[k] })])) as Record<
    (typeof hotlineCountKeys)[number],
    z.ZodNumber
  >),
  rates: z.object(
    Object.fromEntries(hotlineRateKeys.map((k) => [k, numberedRate(hotlineRateDefinitions[k])])) as Record<
      (typeof hotlineRateKeys)[number],
      z.ZodNullable<z.ZodNumber>
    >,
  ),
});

export const whistleStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  streets: z.array(
    z.object({
      unit: z.string().meta({ description: 'the street (镇街) that blew the whistle' }),
      whistles: z.number().int(),
      tickets: z.number().int().meta({ description: 'distinct tickets' }),
    }),
  ),
});

export const monthQuerySchema = z.object({ month, format });

const counts = Object.fromEntries(countKeys.map((k) => [k, z.number().int().meta({ description: countLabels[k] })])) as Record<
  (typeof countKeys)[number],
  z.ZodNumber
>;
const rates = z.object(
  Object.fromEntries(rateKeys.map((k) => [k, numberedRate(rateDefinitions[k])])) as Record<(typeof rateKeys)[number], z.ZodNullable<z.ZodNumber>>,
);

export const unitStatsSchema = z.object({ unit: z.string().meta({ description: "unit code; '*' in total" }), ...counts, rates });

export const unitStatsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(unitStatsSchema),
  total: unitStatsSchema.meta({ description: 'the same formulas over every listed assignment (unit leaders: their unit only)' }),
});

export const rankingRowSchema = z.object({
  unit: z.string(),
  group: z.enum(['street', 'department']),
  score: z.number().nullable().meta({ description: '0–100, weighted mean of the rates; null: not ranked' }),
  rank: z.number().int().nullable(),
  groupRank: z.number().int().nullable(),
  last: z.boolean().meta({ description: '末位 under seed 002' }),
  received: z.number().int().optional(),
  volumeRank: z.number().int().nullable().optional(),
  topVolumeRank: z.number().int().nullable().optional(),
  lastStreak: z.number().int().optional(),
  measure: z
    .enum(Object.keys(measureLabels) as [keyof typeof measureLabels, ...(keyof typeof measureLabels)[]])
    .nullable()
    .optional()
    .meta({
      description: Object.entries(measureLabels)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    }),
  stats: unitStatsSchema.optional(),
});

export const rankingSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  weights: z.record(z.string(), z.number()),
  units: z.array(rankingRowSchema).meta({
    description:
      'best first, then unranked units. For a unit leader, the other units’ rows carry only unit, group, score, rank, groupRank and last; the details (received, volume ranks, streak, measure, stats) only on their own row',
  }),
});

const hotspotRow = z.object({
  key: z.string(),
  district: z.string().optional(),
  street: z.string().optional(),
  tickets: z.number().int(),
  requesters: z.number().int(),
  previous: z.number().int(),
  change: z.number().int(),
  changeRate: z.number().nullable(),
});

export const hotspotsSchema = z.object({
  month: z.string(),
  previousMonth: z.string(),
  tickets: z.number().int(),
  requesters: z.number().int(),
  categories: z.array(hotspotRow),
  districts: z.array(hotspotRow),
  streets: z.array(hotspotRow),
  clusters: z.object({
    manyRequesters: z.array(
      z.object({
        id: z.string(),
        category: z.string(),
        district: z.string(),
        street: z.string().nullable(),
        requesters: z.number().int(),
        status: z.string(),
      }),
    ),
    sameCategoryStreet: z.array(
      z.object({
        category: z.string(),
        district: z.string(),
        street: z.string(),
        tickets: z.number().int(),
        requesters: z.number().int(),
        ids: z.array(z.string()),
      }),
    ),
  }),
});
