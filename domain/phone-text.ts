// Phone numbers typed into free text (a description, a note, a reply): Chinese mobile numbers and
// landlines with area code, written with spaces, dots or dashes, with or without +86 / 0086 / (0431).
// Pure, no imports: the API masks them for readers who may not see the citizen's phone, the ledger
// and the mail remove them. Bare 7–8 digit local numbers are left alone: without an area code they
// cannot be told from amounts, case numbers or dates.

/** Up to three separators between digit groups: `138 1234 5678`, `138-1234-5678`, `138 - 1234`. */
const SEP = '[-.\\s\\u3000]{0,3}';
const COUNTRY = `(?:(?:\\+|00)\\s?86${SEP}|\\(\\+?86\\)${SEP})`;
// 11 digits 1[3-9]x xxxx xxxx; separators between any digits (people group them as they please).
const MOBILE = `${COUNTRY}?1[3-9](?:${SEP}\\d){9}`;
// Area code 0 + 2–3 digits (or, after +86, without its 0), then 7–8 digits in one or two groups.
const AREA = `(?:\\(0\\d{2,3}\\)|0\\d{2,3}|(?<=86${SEP})\\(?[1-9]\\d{1,2}\\)?)`;
const LANDLINE = `${COUNTRY}?${AREA}${SEP}\\d{3,4}${SEP}\\d{4}`;

/** Matches one phone number in free text (global: use with replace). */
export const PHONE_IN_TEXT = new RegExp(`(?<![\\d+])(?:${MOBILE}|${LANDLINE})(?!\\d)`, 'g');

/** What a masked number reads as, for people (zh-CN). */
export const PHONE_HIDDEN = '[电话已隐藏]';

/** `text` with every phone number in it replaced by `mask`. */
export function maskPhonesInText(text: string, mask: string = PHONE_HIDDEN): string {
  return text.replace(PHONE_IN_TEXT, mask);
}

/** A deep copy of `value` with every phone number in its strings masked (keys untouched). */
export function maskPhonesDeep<T>(value: T, mask: string = PHONE_HIDDEN): T {
  if (typeof value === 'string') return maskPhonesInText(value, mask) as T;
  if (Array.isArray(value)) return value.map((v) => maskPhonesDeep(v, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPhonesDeep(v, mask)])) as T;
  }
  return value;
}
