// Probable duplicates of a request being registered (R13 合并派单, seed 004: 同一诉求多渠道反映的，
// 统一派单): among the open tickets of the same category and district, those about the same matter.
// Pure: the ledger finds the candidates, this scores and picks them.
import { similarity, tokenSet } from './text-match';

export interface DuplicateProbe {
  description: string;
  street?: string;
  address?: string;
  /** When the probe is registered (the preview: now). */
  at: number;
}

export interface DuplicateCandidate {
  id: string;
  description: string;
  street?: string;
  address?: string;
  registeredAt: string;
}

export interface DuplicateOptions {
  /** Candidates registered more than this many days before are not offered. */
  windowDays: number;
  /** Below this score nothing is offered: better no suggestion than a wrong merge. */
  minScore: number;
  limit: number;
}

export const defaultDuplicateOptions: DuplicateOptions = { windowDays: 30, minScore: 0.3, limit: 3 };

/** Two places at most this similar are two places (幸福小区 and 和平小区 share only 小区). */
export const SAME_PLACE = 0.5;

/** The place an address names, without building, unit and room numbers (3号楼, 2单元, 501室): those say nothing of which estate. */
export const placeName = (address: string): string => address.replace(/[0-9０-９]+\s*(号楼|栋|幢|单元|室|号|楼)?/g, '');

/**
 * How probably the candidate is the same matter, 0..1. With both addresses: another place is
 * another matter (0); at the same place, the texts' similarity without the place's own words (both
 * say 幸福小区, which tells nothing of the problem) plus a share for how alike the places are.
 * Without them: the whole texts' similarity. Another street cuts the score (a water main in two
 * streets is two matters). Weights and threshold tuned on the fixture of
 * bench/knowledge/duplicate-fixture.ts (docs/BENCHMARKS.md).
 */
export function duplicateScore(p: DuplicateProbe, c: DuplicateCandidate, pTokens = tokenSet(p.description)): number {
  let score: number;
  if (p.address && c.address) {
    const place = similarity(placeName(p.address), placeName(c.address));
    if (place < SAME_PLACE) return 0;
    const placeWords = new Set([...tokenSet(p.address), ...tokenSet(c.address)]);
    const matter = (s: Set<string>) => new Set([...s].filter((t) => !placeWords.has(t)));
    const text = similarity(matter(pTokens), matter(tokenSet(c.description)));
    // Same place, nothing in common about the problem: another matter of the category there.
    if (text === 0) return 0;
    score = text + 0.3 * place;
  } else {
    score = similarity(pTokens, c.description);
  }
  if (p.street && c.street && p.street !== c.street) score *= 0.3;
  return Math.min(1, score);
}

/** The best-scoring candidates at or above the threshold, best first (ties: the latest first: the window bounds age). */
export function rankDuplicates(
  p: DuplicateProbe,
  candidates: readonly DuplicateCandidate[],
  o: DuplicateOptions = defaultDuplicateOptions,
): (DuplicateCandidate & { score: number })[] {
  const pTokens = tokenSet(p.description);
  const since = p.at - o.windowDays * 86_400_000;
  return candidates
    .filter((c) => Date.parse(c.registeredAt) >= since)
    .map((c) => ({ ...c, score: Math.round(duplicateScore(p, c, pTokens) * 1000) / 1000 }))
    .filter((c) => c.score >= o.minScore)
    .sort((a, b) => b.score - a.score || b.registeredAt.localeCompare(a.registeredAt))
    .slice(0, o.limit);
}
