// The production store: an S3 bucket (AWS, MinIO, SeaweedFS, any S3-compatible service) through
// @aws-sdk/client-s3. A PutObject is atomic: an upload cut off is never an object.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { checkKey, ObjectStore } from './object-store';

export interface S3StoreOptions {
  bucket: string;
  /** An S3-compatible service's URL; absent: AWS. */
  endpoint?: string;
  region?: string;
  /** Absent: the SDK's default chain (AWS_ACCESS_KEY_ID, instance roles, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3ObjectStore implements ObjectStore {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(o: S3StoreOptions) {
    const config: S3ClientConfig = {
      region: o.region ?? 'us-east-1',
      // Self-hosted services name the bucket in the path, not in a DNS name.
      ...(o.endpoint ? { endpoint: o.endpoint, forcePathStyle: true } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
    };
    this.s3 = new S3Client(config);
    this.bucket = o.bucket;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkKey(key);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    checkKey(key);
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const r = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(r.Contents ?? []).flatMap((c) => (c.Key ? [c.Key] : [])));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  destroy(): void {
    this.s3.destroy();
  }
}
