// The attachment store from configuration: an S3 bucket when HOTLINE_S3_BUCKET is set (production),
// otherwise files under HOTLINE_DATA_DIR/attachments (the embedded default).
import path from 'node:path';
import type { KeyRing } from '../codec/key-ring';
import type { Env } from '../config/env';
import type { AttachmentConfig } from './config';
import { FsObjectStore } from './fs-store';
import { S3ObjectStore } from './s3-store';

type AttachmentEnv = Pick<
  Env,
  | 'HOTLINE_DATA_DIR'
  | 'HOTLINE_S3_BUCKET'
  | 'HOTLINE_S3_ENDPOINT'
  | 'HOTLINE_S3_REGION'
  | 'HOTLINE_ATTACHMENT_MAX_BYTES'
  | 'HOTLINE_ATTACHMENT_TICKET_MAX_BYTES'
>;

export function attachmentConfig(env: AttachmentEnv, keyRing: KeyRing): AttachmentConfig {
  const store = env.HOTLINE_S3_BUCKET
    ? new S3ObjectStore({ bucket: env.HOTLINE_S3_BUCKET, endpoint: env.HOTLINE_S3_ENDPOINT, region: env.HOTLINE_S3_REGION })
    : new FsObjectStore(path.join(env.HOTLINE_DATA_DIR, 'attachments'));
  return { store, keyRing, maxFileBytes: env.HOTLINE_ATTACHMENT_MAX_BYTES, maxTicketBytes: env.HOTLINE_ATTACHMENT_TICKET_MAX_BYTES };
}
