// What a file is, from its first bytes (magic numbers), never from its name or the client's
// Content-Type: a script renamed `.jpg` is still a script. Each kind accepts a few types only. Pure.

export type AttachmentKind = 'photo' | 'document' | 'recording';

export interface Sniffed {
  contentType: string;
  kind: AttachmentKind;
}

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const signatures: { type: string; kind: AttachmentKind; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/jpeg', kind: 'photo', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/png', kind: 'photo', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'application/pdf', kind: 'document', test: (b) => starts(b, ascii('%PDF-')) },
  { type: 'audio/wav', kind: 'recording', test: (b) => starts(b, ascii('RIFF')) && starts(b, ascii('WAVE'), 8) },
  { type: 'audio/amr', kind: 'recording', test: (b) => starts(b, ascii('#!AMR\n')) },
  // MP3: an ID3v2 tag, or an MPEG audio frame sync (11 bits set, layer III).
  { type: 'audio/mpeg', kind: 'recording', test: (b) => starts(b, ascii('ID3')) || (b.length > 2 && b[0] === 0xff && (b[1]! & 0xe6) === 0xe2) },
  { type: 'audio/mp4', kind: 'recording', test: (b) => starts(b, ascii('ftypM4A'), 4) },
];

/** The file's type and the kind it belongs to; undefined for anything not accepted. */
export function sniff(bytes: Uint8Array): Sniffed | undefined {
  const hit = signatures.find((s) => s.test(bytes));
  return hit && { contentType: hit.type, kind: hit.kind };
}

/** The types a kind accepts, for messages. */
export const acceptedTypes = (kind: AttachmentKind): string[] => signatures.filter((s) => s.kind === kind).map((s) => s.type);
