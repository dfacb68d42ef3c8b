// The attachment API against S3: a real SeaweedFS on loopback through @aws-sdk/client-s3, the
// same behaviour as the embedded store, and a 5 MB photo through it byte for byte.
import { randomBytes } from 'node:crypto';
import { S3ObjectStore } from '../../attachments/s3-store';
import { attachmentsIn } from '../setup/attachments';
import { attachmentApiSuite } from '../setup/attachment-suite';
import { SeaweedFs, startSeaweedFs } from '../setup/seaweedfs';

let weed: SeaweedFs;
beforeAll(async () => {
  weed = await startSeaweedFs();
});
afterAll(() => weed?.stop());

let buckets = 0;
attachmentApiSuite({
  name: 's3',
  open: async (limits) => {
    const bucket = await weed.bucket(`attachments-${++buckets}`);
    const store = new S3ObjectStore({ bucket, endpoint: weed.endpoint, credentials: weed.credentials });
    return { config: attachmentsIn(store, limits), close: async () => store.destroy() };
  },
});

describe('S3 store on SeaweedFS', () => {
  test('a 5 MB object goes in and comes back byte for byte; a missing one is undefined; delete removes it', async () => {
    const store = new S3ObjectStore({ bucket: await weed.bucket('raw'), endpoint: weed.endpoint, credentials: weed.credentials });
    try {
      const bytes = randomBytes(5 * 1024 * 1024);
      await store.put('tickets/T-1/att-big', bytes);
      expect((await store.get('tickets/T-1/att-big'))!.equals(bytes)).toBe(true);
      expect(await store.list('tickets/T-1/')).toEqual(['tickets/T-1/att-big']);
      expect(await store.get('tickets/T-1/none')).toBeUndefined();
      await store.delete('tickets/T-1/att-big');
      expect(await store.list('tickets/')).toEqual([]);
    } finally {
      store.destroy();
    }
  });
});
