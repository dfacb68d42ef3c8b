// Where attachments' (sealed) bytes live: the local filesystem (embedded default) or an S3 bucket.
// One interface; a put is whole or absent, never half written.

export interface ObjectStore {
  /** Stores `bytes` under `key`, replacing any object there; visible only once complete. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The object's bytes; undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the object; nothing when there is none. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (tests and audits). */
  list(prefix: string): Promise<string[]>;
}

/** Keys are `tickets/<ticket>/<attachment>`: segments of letters, digits and `_ . : -`, never a dot first. */
const SEGMENT = /^[A-Za-z0-9_:-][A-Za-z0-9_.:-]{0,127}$/;

export function checkKey(key: string): string[] {
  const segments = key.split('/');
  if (segments.length === 0 || !segments.every((s) => SEGMENT.test(s))) throw new Error(`invalid object key ${JSON.stringify(key)}`);
  return segments;
}

export const objectKey = (ticketId: string, attachmentId: string): string => `tickets/${ticketId}/${attachmentId}`;
