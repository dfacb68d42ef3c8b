// What the API needs to keep files: the store, the key ring that seals them, and the limits.
import type { KeyRing } from '../codec/key-ring';
import type { ObjectStore } from './object-store';

export interface AttachmentConfig {
  store: ObjectStore;
  keyRing: KeyRing;
  /** One file, bytes (413 beyond). */
  maxFileBytes: number;
  /** All files of one ticket together, bytes as stored (413 beyond). */
  maxTicketBytes: number;
}
