// Chinese text has no spaces between words, so words cannot be matched; overlapping character
// bigrams can (the standard trick of CJK search engines). Latin words and numbers count as one token
// each. We do this ourselves rather than with pg_trgm: on PostgreSQL pg_trgm keeps only the
// characters the database locale calls alphanumeric (none of the Han characters under the C
// locale), and it needs CREATE EXTENSION, which a managed database may refuse. Pure: the ledger
// stores these tokens, the preview scores ticket texts with them, the tests check both.

/** Punctuation, spaces and symbols split the text; what is left is Han runs and Latin/digit words. */
const SPLIT = /[^\p{Script=Han}\p{L}\p{N}]+/u;
const HAN = /\p{Script=Han}/u;

/** Full-width forms folded to ASCII, lower case: ＡＢＣ１２ and abc12 are the same word. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The tokens of a text, in order, repeats kept: Han bigrams (a lone Han character is its own token), Latin words, numbers. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const part of normalize(text).split(SPLIT)) {
    if (!part) continue;
    // A run may mix scripts (例如 "3号楼"): Han runs become bigrams, the rest stay whole words.
    for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) {
      if (!HAN.test(run)) {
        out.push(run);
        continue;
      }
      const chars = [...run];
      if (chars.length === 1) out.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

/** Token → how often it occurs. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** The distinct tokens of a text. */
export const tokenSet = (text: string): Set<string> => new Set(tokens(text));

/**
 * Dice coefficient of the two texts' token sets, 0..1: 1 for the same tokens, 0 for none shared.
 * Symmetric and insensitive to length differences of a few characters, as two citizens' wordings
 * of one matter are.
 */
export function similarity(a: string | Set<string>, b: string | Set<string>): number {
  const sa = typeof a === 'string' ? tokenSet(a) : a;
  const sb = typeof b === 'string' ? tokenSet(b) : b;
  if (sa.size === 0 || sb.size === 0) return 0;
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return (2 * shared) / (sa.size + sb.size);
}

/** A title's tokens weigh this much more than the body's: a query naming the title is the article sought. */
export const TITLE_WEIGHT = 3;

/**
 * The weighted tokens an article is found by (stored in the ledger's inverted index): each token of
 * the title, the tags and the body, weighted by where it occurs and how often, damped so a long body
 * repeating a word does not outrank a title naming it.
 */
export function articleTerms(a: { title: string; body: string; tags: readonly string[] }): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, w: number) => {
    for (const [t, n] of termCounts(text)) weights.set(t, (weights.get(t) ?? 0) + w * (1 + Math.log(n)));
  };
  add(a.title, TITLE_WEIGHT);
  add(a.tags.join(' '), TITLE_WEIGHT);
  add(a.body, 1);
  return weights;
}

/** The query's distinct tokens, at most `max` (a pasted paragraph is cut, not refused). */
export function queryTerms(q: string, max = 64): string[] {
  return [...tokenSet(q)].slice(0, max);
}
