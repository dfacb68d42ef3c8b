// AES-256-GCM encryption of every payload the API and the worker send to Temporal (inputs, update
// and signal arguments, results, activity inputs, query answers, memo): Temporal's history — its
// database, its backups, `temporal workflow show`, the Web UI without the codec server — holds
// ciphertext only. The whole Payload (metadata and data) is encrypted, so not even its encoding shows.
import { createCipheriv, createDecipheriv, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The ticket (workflow id) a payload belongs to: not personal data; lets a decode be logged per ticket. */
export const TICKET_METADATA = 'hotline-ticket';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** A payload names a key the ring does not hold: the operator must restore that key. */
export class PayloadKeyMissingError extends Error {
  constructor(readonly keyId: string) {
    super(`payload encrypted with key "${keyId}", which is not in the key ring (HOTLINE_PAYLOAD_KEYS): add that key back to the ring`);
    this.name = 'PayloadKeyMissingError';
  }
}

export class EncryptionCodec implements PayloadCodec {
  // Made once per key: a cipher given raw key bytes converts them on every payload (a third of its cost).
  private readonly keyObjects = new Map<string, KeyObject>();
  constructor(private readonly ring: KeyRing) {}

  private key(id: string): KeyObject | undefined {
    let k = this.keyObjects.get(id);
    const raw = k ? undefined : this.ring.keys.get(id);
    if (raw) this.keyObjects.set(id, (k = createSecretKey(raw)));
    return k;
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const id = this.ring.current;
    const key = this.key(id)!;
    const ticket = context?.workflowId;
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated with the data: a payload cannot be relabelled to another key.
      cipher.setAAD(utf8(id));
      const sealed = Buffer.concat([iv, cipher.update(temporal.api.common.v1.Payload.encode(p).finish()), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id), ...(ticket ? { [TICKET_METADATA]: utf8(ticket) } : {}) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      // Payloads written before encryption (older tickets, the replay fixtures) pass through.
      if (!isEncrypted(p)) return p;
      const id = Buffer.from(p.metadata![KEY_ID_METADATA] ?? []).toString('utf8');
      const key = this.key(id);
      if (!key) throw new PayloadKeyMissingError(id);
      const data = Buffer.from(p.data ?? []);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(utf8(id));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        return temporal.api.common.v1.Payload.decode(plain);
      } catch {
        throw new Error(
          `payload encrypted with key "${id}" does not decrypt: the key's material differs from the one that encrypted it, or the payload was altered`,
        );
      }
    });
  }
}

export function isEncrypted(p: Payload): boolean {
  const enc = p.metadata?.encoding;
  return enc !== undefined && enc !== null && Buffer.from(enc).toString('utf8') === ENCRYPTED_ENCODING;
}

/** The ticket a payload was encrypted for, if it says. */
export function payloadTicket(p: Payload): string | undefined {
  const t = p.metadata?.[TICKET_METADATA];
  return t ? Buffer.from(t).toString('utf8') : undefined;
}
