// Files at rest are encrypted with the payload key ring (codec/key-ring.ts): AES-256-GCM under the
// current key, the key's id written in the object's header, so a rotated ring (a new current key,
// the old ones kept) still opens every file stored before. The object's storage key is the
// authenticated data: an object copied under another ticket's or attachment's name does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from '../codec/key-ring';

// "HLA" + format version 1.
const MAGIC = Buffer.from('HLA\x01', 'latin1');
const IV = 12;
const TAG = 16;

export function seal(ring: KeyRing, objectKey: string, plain: Uint8Array): Buffer {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error(`payload key ring: no current key ${ring.current}`);
  const id = Buffer.from(ring.current, 'utf8');
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(objectKey, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, body, cipher.getAuthTag()]);
}

/** The file's bytes; throws when the key is not in the ring or the object was altered. */
export function open(ring: KeyRing, objectKey: string, sealed: Uint8Array): Buffer {
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (b.length < MAGIC.length + 1 + IV + TAG || !b.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error(`attachment ${objectKey}: not a sealed object`);
  const idEnd = MAGIC.length + 1 + b[MAGIC.length]!;
  const id = b.subarray(MAGIC.length + 1, idEnd).toString('utf8');
  const key = ring.keys.get(id);
  if (!key) throw new Error(`attachment ${objectKey}: sealed with key ${id}, which the payload key ring no longer holds`);
  const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(idEnd, idEnd + IV));
  decipher.setAAD(Buffer.from(objectKey, 'utf8'));
  decipher.setAuthTag(b.subarray(b.length - TAG));
  return Buffer.concat([decipher.update(b.subarray(idEnd + IV, b.length - TAG)), decipher.final()]);
}

/** The id of the key an object was sealed with (for tests and key retirement). */
export const sealedKeyId = (sealed: Uint8Array): string =>
  Buffer.from(sealed.subarray(MAGIC.length + 1, MAGIC.length + 1 + sealed[MAGIC.length]!)).toString('utf8');
