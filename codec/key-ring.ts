// The key ring of the payload codec: every key a payload in Temporal's history may have been
// encrypted with, and the one new payloads use. Rotation adds a key and makes it current; old keys
// stay until every ticket that used them has left the history's retention (docs/ENCRYPTION.md).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { resolveDevSecret } from '../config/dev-secret';
import type { Env } from '../config/env';

export interface KeyRing {
  /** The id new payloads are encrypted with. */
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id is 1–64 letters, digits, dots, dashes or underscores');
const keyMaterial = z
  .string()
  .transform((s) => Buffer.from(s, 'base64'))
  .refine((b) => b.length === 32, 'an AES-256 key is 32 bytes, written in base64 (44 characters)');

export const keyRingFileSchema = z
  .object({ current: keyId, keys: z.record(keyId, keyMaterial) })
  .strict()
  .refine((f) => f.current in f.keys, { error: 'the current key must be one of keys', path: ['current'] });

export const DEV_PAYLOAD_KEY_FILE = 'dev-payload-key';

/** Parses a key ring file's text; throws naming the field. `where` names the file in the message. */
export function parseKeyRing(text: string, where: string): KeyRing {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = keyRingFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${where}: invalid payload key ring:\n${lines.join('\n')}`);
  }
  return { current: parsed.data.current, keys: new Map(Object.entries(parsed.data.keys)) };
}

/**
 * HOTLINE_PAYLOAD_KEYS (a key ring file) when set; else one development key generated once in the
 * data directory, as the other development secrets are, so the API, the worker and a restarted
 * `npm start` read each other's payloads.
 */
export function loadKeyRing(env: Pick<Env, 'HOTLINE_PAYLOAD_KEYS' | 'HOTLINE_DATA_DIR'>): KeyRing {
  if (env.HOTLINE_PAYLOAD_KEYS) return parseKeyRing(fs.readFileSync(env.HOTLINE_PAYLOAD_KEYS, 'utf8'), env.HOTLINE_PAYLOAD_KEYS);
  const { secret } = resolveDevSecret(undefined, env.HOTLINE_DATA_DIR, DEV_PAYLOAD_KEY_FILE);
  // The dev secret is 32 random bytes in base64url; its hash names it without revealing it.
  const key = createHash('sha256').update(`hotline-payload-key:${secret}`).digest();
  const id = `dev-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  return { current: id, keys: new Map([[id, key]]) };
}
