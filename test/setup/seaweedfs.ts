// A real S3-compatible server for the S3 attachment store's tests: SeaweedFS (`weed server -s3`),
// built by scripts/seaweedfs-setup.sh into .cache/seaweedfs/<version>/weed, on loopback with every
// port chosen free, its data in a temporary folder, one access key. Started per test file.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { cacheDir } from '../../platform/paths';

export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
export const weedBinary = () => process.env.HOTLINE_WEED ?? path.join(cacheDir, 'seaweedfs', SEAWEEDFS_VERSION, 'weed');

const credentials = { accessKeyId: 'hotline-test', secretAccessKey: 'hotline-test-secret-0123456789' };

export interface SeaweedFs {
  endpoint: string;
  credentials: typeof credentials;
  /** Creates a bucket and names it. */
  bucket(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Ports the kernel has just handed out: free now, and the server binds them at once. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export async function startSeaweedFs(): Promise<SeaweedFs> {
  const weed = weedBinary();
  if (!fs.existsSync(weed)) throw new Error(`${weed} is missing: run scripts/seaweedfs-setup.sh (npm run setup builds it)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-seaweedfs-'));
  fs.writeFileSync(
    path.join(dir, 's3.json'),
    JSON.stringify({
      identities: [
        {
          name: 'hotline',
          credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
          actions: ['Admin', 'Read', 'Write', 'List'],
        },
      ],
    }),
  );
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await freePorts(8);
  const child: ChildProcess = spawn(
    weed,
    [
      'server',
      `-dir=${dir}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${master}`,
      `-master.port.grpc=${masterGrpc}`,
      `-volume.port=${volume}`,
      `-volume.port.grpc=${volumeGrpc}`,
      `-filer.port=${filer}`,
      `-filer.port.grpc=${filerGrpc}`,
      `-filer.localSocket=${path.join(dir, 'filer.sock')}`,
      '-s3',
      `-s3.port=${s3}`,
      `-s3.port.grpc=${s3Grpc}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      `-s3.config=${path.join(dir, 's3.json')}`,
      // Small volumes: the test writes kilobytes, and each volume file is preallocated.
      '-master.volumeSizeLimitMB=64',
      '-volume.max=0',
      '-volume.preStopSeconds=0',
      '-master.telemetry=false',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${s3}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready when a bucket can be created: master, volume, filer and the S3 gateway all up.
  const deadline = Date.now() + 60_000;
  const bucket = async (name: string) => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  };
  for (;;) {
    try {
      await bucket('ready-check');
      break;
    } catch (err) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`SeaweedFS did not start: ${(err as Error).message}\n${log.slice(-4000)}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { endpoint, credentials, bucket, stop };
}
