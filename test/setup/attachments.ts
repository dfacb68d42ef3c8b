// An attachment store for a test: the embedded one in a private temporary folder, or an S3 bucket
// on the run's SeaweedFS (test/setup/seaweedfs.ts), with a key ring the test may rotate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AttachmentConfig } from '../../attachments/config';
import { FsObjectStore } from '../../attachments/fs-store';
import type { ObjectStore } from '../../attachments/object-store';
import type { KeyRing } from '../../codec/key-ring';

export const testKeyRing = (current: string, ...ids: string[]): KeyRing => ({
  current,
  keys: new Map([current, ...ids].map((id) => [id, Buffer.alloc(32, `attachment-key-${id}`)])),
});

export function fsAttachments(limits: Partial<Pick<AttachmentConfig, 'maxFileBytes' | 'maxTicketBytes'>> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-attachments-'));
  return { config: attachmentsIn(new FsObjectStore(dir), limits), dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const attachmentsIn = (
  store: ObjectStore,
  limits: Partial<Pick<AttachmentConfig, 'maxFileBytes' | 'maxTicketBytes'>> = {},
): AttachmentConfig => ({
  store,
  keyRing: testKeyRing('k1'),
  maxFileBytes: limits.maxFileBytes ?? 10 * 1024 * 1024,
  maxTicketBytes: limits.maxTicketBytes ?? 50 * 1024 * 1024,
});
