// Key rings for tests of the payload codec: keys derived from their ids (so two rings naming the same
// id agree, as two processes of one deployment do), and written as HOTLINE_PAYLOAD_KEYS files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { KeyRing } from '../../codec/key-ring';

export const testKey = (id: string): Buffer => createHash('sha256').update(`test payload key ${id}`).digest();

/** A ring holding `ids`, the first one current unless `current` says otherwise. */
export function testKeyRing(ids: string[] = ['test-a'], current = ids[0]!): KeyRing {
  return { current, keys: new Map(ids.map((id) => [id, testKey(id)])) };
}

/** Writes `ring` as a key ring file (mode 0600) in `dir`; returns its path for HOTLINE_PAYLOAD_KEYS. */
export function writeKeyRingFile(dir: string, ring: KeyRing, name = 'payload-keys.json'): string {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const keys = Object.fromEntries([...ring.keys].map(([id, key]) => [id, key.toString('base64')]));
  fs.writeFileSync(file, JSON.stringify({ current: ring.current, keys }, null, 2), { mode: 0o600 });
  return file;
}
