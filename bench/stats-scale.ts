// Statistics at a city's scale (issue #26): a synthetic Qingdao (15,000 tickets a day, 300 units,
// 120 categories) loaded into a real PostgreSQL, one year and then four, and every statistics
// endpoint asked 5 times through HTTP (the median printed), with the load time; the direct
// computation from the raw rows (the cost before the aggregates) timed once beside them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { signToken } from '../api/auth';
import { loadCalendar } from '../config/calendar-source';
import { loadCatalog } from '../config/catalog-source';
import { defaultRules } from '../domain/ticket';
import { clearanceCursorOf } from '../api/clearance-schemas';
import { clearanceRegisterFromRaw } from '../ledger/clearance';
import { clearanceRegister } from '../ledger/clearance-page';
import { hotlineStatsFromRaw } from '../ledger/hotline-stats';
import { hotspotsFromRaw } from '../ledger/hotspots';
import type { Queryable } from '../ledger/db';
import { migrate } from '../ledger/migrate';
import { openPostgres } from '../ledger/postgres';
import { catalogUnitGroups, defaultRankingWeights, rankPeriod } from '../ledger/ranking';
import { unitStatsFromRaw } from '../ledger/stats';
import { cityOf } from '../ledger/synthetic/city';
import { loadSynthetic } from '../ledger/synthetic/load';
import { startPostgres } from '../test/setup/postgres';

export interface StatsScaleSize {
  tickets: number;
  years: number;
  loadSeconds: number;
  /** Median ms of 5 requests per endpoint, through HTTP. */
  endpoints: Record<string, number>;
  /** The direct computation from the raw rows (before issue #26), one call each, ms. */
  direct: Record<string, number>;
}

const JWT = 'bench-stats-scale-secret-0123456789';
const YEAR = 2025;
const M = `${YEAR}-11`;
const Y = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };

const endpoints = (unit: string, middle: string): Record<string, string> => ({
  'units day': `/api/v1/stats/units?from=${M}-18&to=${M}-18`,
  'units month': `/api/v1/stats/units?from=${M}-01&to=${M}-30`,
  'units year': `/api/v1/stats/units?from=${Y.from}&to=${Y.to}`,
  'units year, requestType=complaint': `/api/v1/stats/units?from=${Y.from}&to=${Y.to}&requestType=complaint`,
  'units month, channel=web citizenKind=enterprise': `/api/v1/stats/units?from=${M}-01&to=${M}-30&channel=web&citizenKind=enterprise`,
  'units year, one unit': `/api/v1/stats/units?from=${Y.from}&to=${Y.to}&unit=${unit}`,
  'units year CSV': `/api/v1/stats/units?from=${Y.from}&to=${Y.to}&format=csv`,
  'ranking month (flags, streaks)': `/api/v1/stats/ranking?month=${M}`,
  'ranking CSV': `/api/v1/stats/ranking?month=${M}&format=csv`,
  'hotspots month': `/api/v1/stats/hotspots?month=${M}`,
  'hotspots CSV': `/api/v1/stats/hotspots?month=${M}&format=csv`,
  'hotline (按时派单率) month': `/api/v1/stats/hotline?from=${M}-01&to=${M}-30`,
  'hotline year, requestType=complaint': `/api/v1/stats/hotline?from=${Y.from}&to=${Y.to}&requestType=complaint`,
  'hotline year CSV': `/api/v1/stats/hotline?from=${Y.from}&to=${Y.to}&format=csv`,
  'clearance (动态清零) month': `/api/v1/clearance?month=${M}`,
  'clearance page in the middle (cursor), limit 500': `/api/v1/clearance?month=${M}&limit=500&cursor=${middle}`,
  'clearance one unit': `/api/v1/clearance?month=${M}&unit=${unit}`,
  'clearance CSV': `/api/v1/clearance?month=${M}&format=csv`,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The cursor of the register's middle entry: a page deep in the month. */
async function middleCursor(db: Queryable): Promise<string> {
  const open = `COALESCE(cleared_on, 'infinity'::date) >= '${M}-01'::date AND entered_on <= '${M}-30'::date`;
  const [k] = await db.query<{ unit: string; enteredOn: string; ticketId: string }>(
    `SELECT unit, entered_on::text AS "enteredOn", ticket_id AS "ticketId" FROM stats_clearance WHERE ${open}
      ORDER BY unit COLLATE "C", entered_on, ticket_id COLLATE "C" OFFSET (SELECT count(*) / 2 FROM stats_clearance WHERE ${open}) LIMIT 1`,
  );
  return k ? clearanceCursorOf(k) : '';
}

/** Milliseconds until the answer's first byte (a streamed export starts long before it ends). */
async function firstByte(url: string, token: string): Promise<number> {
  return timed(async () => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
  });
}

/**
 * `years` sizes loaded one after another from January; or, with `days`, one size of that many days
 * ending with the measured month (a quick look at a smaller volume: 60 days hold November whole).
 */
export async function statsScale(o: { perDay: number; years: number[]; days?: number; log: (m: string) => void }): Promise<StatsScaleSize[]> {
  const pg = await startPostgres();
  const db = openPostgres(await pg.createDatabase('stats_scale'), { max: 4 });
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const catalog = loadCatalog();
  const city = cityOf(catalog, { units: 300, categories: 120 });
  const app = createApp({
    client: new Client({ connection }),
    namespace: 'default',
    taskQueue: 'unused',
    catalog: () => catalog,
    auth: { secret: JWT, isUnit: () => true },
    rules: () => defaultRules,
    calendar: loadCalendar(),
    ledger: db,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = await signToken(JWT, { sub: 'bench', role: 'supervisor' });
  const out: StatsScaleSize[] = [];
  try {
    await migrate(db);
    let loadedYears = 0;
    let loadSeconds = 0;
    for (const years of o.days ? [o.days / 365] : o.years) {
      // Older years are added before the measured one, which stays the same year throughout.
      const days = o.days ?? Math.round((years - loadedYears) * 365);
      const from = o.days
        ? new Date(Date.UTC(YEAR, 11, 1) - o.days * 86_400_000).toISOString().slice(0, 10)
        : new Date(Date.UTC(YEAR - years + 1, 0, 1)).toISOString().slice(0, 10);
      o.log(`[stats-scale] loading ${days} days × ${o.perDay} tickets from ${from}`);
      const started = Date.now();
      await loadSynthetic(db, city, {
        perDay: o.perDay,
        days,
        from,
        seed: 26,
        now: Date.parse(`${YEAR + 1}-01-01T00:00:00+08:00`),
        onDay: (date) => date.endsWith('-01') && o.log(`[stats-scale] ${date} (${Math.round((Date.now() - started) / 1000)} s)`),
      });
      loadSeconds += (Date.now() - started) / 1000;
      loadedYears = years;
      await db.query('ANALYZE');
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_summaries');
      const [{ unit }] = await db.query<{ unit: string }>('SELECT unit FROM stats_unit_month GROUP BY unit ORDER BY sum(received) DESC LIMIT 1');
      const size: StatsScaleSize = { tickets: n, years, loadSeconds: Math.round(loadSeconds), endpoints: {}, direct: {} };
      for (const [name, url] of Object.entries(endpoints(unit, await middleCursor(db)))) {
        const ms: number[] = [];
        for (let i = 0; i < 5; i++)
          ms.push(
            await timed(async () => {
              const res = await fetch(base + url, { headers: { Authorization: `Bearer ${token}` } });
              if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
              await res.arrayBuffer();
            }),
          );
        size.endpoints[name] = round(median(ms));
        o.log(`[stats-scale] ${n} tickets: ${name} ${size.endpoints[name]} ms`);
      }
      const csvFirst: number[] = [];
      for (let i = 0; i < 5; i++) csvFirst.push(await firstByte(`${base}/api/v1/clearance?month=${M}&format=csv`, token));
      size.endpoints['clearance CSV first byte'] = round(median(csvFirst));
      o.log(`[stats-scale] ${n} tickets: clearance CSV first byte ${size.endpoints['clearance CSV first byte']} ms`);
      const groupOf = catalogUnitGroups(catalog);
      const bulletin = { from: `${M}-11`, to: `${M}-20` };
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) ms.push(await timed(() => rankPeriod(db, bulletin, defaultRankingWeights, { groupOf })));
      size.endpoints['bulletin 旬 ranking (function)'] = round(median(ms));
      o.log(`[stats-scale] ${n} tickets: bulletin 旬 ranking (function) ${size.endpoints['bulletin 旬 ranking (function)']} ms`);
      const direct: Record<string, () => Promise<unknown>> = {
        'units month': () => unitStatsFromRaw(db, { from: `${M}-01`, to: `${M}-30` }),
        'units year': () => unitStatsFromRaw(db, Y),
        'hotspots month': () => hotspotsFromRaw(db, M),
        'hotline year': () => hotlineStatsFromRaw(db, Y),
        'clearance month': () => clearanceRegisterFromRaw(db, { month: M }),
        // Every entry of the month from the derived rows: what the JSON answer held before it was paged.
        'clearance month, every entry (derived rows)': () => clearanceRegister(db, { month: M }),
      };
      for (const [name, fn] of Object.entries(direct)) {
        size.direct[name] = round(await timed(fn));
        o.log(`[stats-scale] ${n} tickets: direct ${name} ${size.direct[name]} ms`);
      }
      out.push(size);
    }
  } finally {
    server.close();
    await db.close();
    await connection.close().catch(() => undefined);
    await pg.stop();
  }
  return out;
}
