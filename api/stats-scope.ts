// Who sees which statistics (issue 6). Supervisors (督办) and admins see every unit. A unit leader
// sees their own unit only: its row of the unit statistics, and in the monthly ranking the whole
// table (a ranking is published to all units, seed 002) but the details — tickets received,
// volume ranks, last-place streak, measure, the figures behind the score — on their own row only.
// Hotspots are a city-wide analysis with ticket numbers of every unit: supervisors and admins.
// Other roles: 403. Pure.
import type { Catalog } from '../domain/catalog';
import { findUnit } from '../domain/catalog';
import type { Actor, Role } from '../domain/ticket';
import type { MonthlyRanking, UnitRanking } from '../ledger/ranking';
import { rateKeys, type Rates, type UnitStats } from '../ledger/stats';
import { ApiError, validationError } from './errors';

export const statsRoles: readonly Role[] = ['supervisor', 'admin', 'unit_leader'];
export const hotspotRoles: readonly Role[] = ['supervisor', 'admin'];

/** The units a caller's unit statistics cover: undefined = all. */
export function statsUnits(requested: string | undefined, actor: Actor, catalog: Catalog): string[] | undefined {
  if (actor.role === 'unit_leader') {
    if (requested !== undefined && requested !== actor.unit) {
      throw new ApiError('forbidden', `单位负责人只能查看本单位（${actor.unit}）的统计`);
    }
    return [actor.unit!];
  }
  if (requested === undefined) return undefined;
  if (!findUnit(catalog, requested)) throw validationError('查询参数', [{ path: 'unit', message: `'${requested}' 不是派单目录中的承办单位` }]);
  return [requested];
}

/** A ranking row as another unit's leader sees it: the published columns, no details. */
export type PublicRankingRow = Pick<UnitRanking, 'unit' | 'group' | 'score' | 'rank' | 'groupRank' | 'last'>;

export function scopeRanking(
  r: MonthlyRanking,
  actor: Actor,
): MonthlyRanking | (Omit<MonthlyRanking, 'units'> & { units: (UnitRanking | PublicRankingRow)[] }) {
  if (actor.role !== 'unit_leader') return r;
  return {
    ...r,
    units: r.units.map((u) =>
      u.unit === actor.unit ? u : { unit: u.unit, group: u.group, score: u.score, rank: u.rank, groupRank: u.groupRank, last: u.last },
    ),
  };
}

const noRates = Object.fromEntries(rateKeys.map((k) => [k, null])) as Rates;

/**
 * The same rows for ledger/csv.ts's rankingCsv: another unit's details become empty cells (its
 * counts are absent and its rates null, which the CSV writes as blanks).
 */
export function rankingForCsv(scoped: ReturnType<typeof scopeRanking>): MonthlyRanking {
  return {
    ...scoped,
    units: scoped.units.map((u): UnitRanking =>
      'stats' in u
        ? u
        : {
            ...u,
            received: 0,
            volumeRank: null,
            topVolumeRank: null,
            lastStreak: 0,
            measure: null,
            stats: { unit: u.unit, rates: noRates } as UnitStats,
          },
    ),
  };
}
