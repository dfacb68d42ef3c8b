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

/**
 * How probably the candidate is the same matter, 0..1: the texts' token similarity (the place's
 * own words left out), raised for the same street and a similar address, cut for another street (a
 * water main in two streets is two matters), and lowered a little for age within the window.
 */
export function duplicateScore(p: DuplicateProbe, c: DuplicateCandidate, pTokens = tokenSet(p.description)): number {
  // The place is scored on its own: its name repeated in both texts (幸福小区…) says nothing of the matter.
  const placeWords = new Set([...tokenSet(p.address ?? ''), ...tokenSet(c.address ?? '')]);
  const matter = (s: Set<string>) => new Set([...s].filter((t) => !placeWords.has(t)));
  const text = similarity(matter(pTokens), matter(tokenSet(c.description)));
  // The place strengthens or weakens what the texts say, never makes a match by itself.
  let place = 1;
  if (p.street && c.street) place = p.street === c.street ? 1.15 : 0.3;
  if (p.address && c.address) place += 0.35 * similarity(p.address, c.address);
  let score = text * place;
  const ageDays = Math.max(0, (p.at - Date.parse(c.registeredAt)) / 86_400_000);
  score -= 0.05 * Math.min(1, ageDays / 30);
  return Math.max(0, Math.min(1, score));
}

/** The best-scoring candidates at or above the threshold, best first (ties: the latest first). */
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
