// Attachments' throughput: a 5 MB photo uploaded to and downloaded from the API on loopback (with
// everything a real upload pays: multipart parsing, type check, metadata stripping, SHA-256,
// AES-256-GCM, the store's write, the workflow update; and on the way back the read log), as a
// ratio to copying the same file on the same disk, the floor any store must pay.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { randomPng } from './lib/photo';
import { intakeBody, LEAD, type BenchStack } from './lib/stack';

export interface AttachmentFigures {
  fileBytes: number;
  rounds: number;
  copyMBps: number;
  uploadMBps: number;
  downloadMBps: number;
  /** Upload throughput over copy throughput (1 = as fast as copying the file). */
  uploadOverCopy: number;
  downloadOverCopy: number;
}

const MB = 1024 * 1024;
const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

async function timed(rounds: number, fn: (i: number) => Promise<void>): Promise<number> {
  await fn(-1); // warm-up
  const t = performance.now();
  for (let i = 0; i < rounds; i++) await fn(i);
  return (performance.now() - t) / 1000;
}

export async function attachmentThroughput(stack: BenchStack, o: { dir: string; rounds: number }): Promise<AttachmentFigures> {
  // 1300 × 1300 RGB of random pixels: a 5 MB PNG that does not compress.
  const photo = randomPng(1300, 1300);
  const source = path.join(o.dir, 'photo.png');
  fs.writeFileSync(source, photo);
  const copySeconds = await timed(o.rounds, async (i) => {
    await fs.promises.copyFile(source, path.join(o.dir, `copy-${i}.png`));
    await fs.promises.rm(path.join(o.dir, `copy-${i}.png`));
  });

  const token = await stack.token('handler');
  // Files per ticket stay under its 50 MB limit: a ticket of its own for every 8 photos.
  const tickets: string[] = [];
  const ticketFor = async (i: number) => {
    const n = Math.floor((i + 1) / 8);
    if (!tickets[n]) {
      const { id } = await stack.call('operator', 'POST', '/api/v1/tickets', intakeBody(n), 201);
      await stack.act('dispatcher', id, 'dispatch', { unit: LEAD });
      await stack.act('handler', id, 'sign');
      tickets[n] = id;
    }
    return tickets[n]!;
  };
  const stored: { ticket: string; id: string }[] = [];
  const uploadSeconds = await timed(o.rounds, async (i) => {
    const ticket = await ticketFor(i);
    const form = new FormData();
    form.append('kind', 'photo');
    form.append('step', 'visit');
    form.append('file', new Blob([photo], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${stack.apiUrl}/api/v1/tickets/${ticket}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload → ${res.status} ${(await res.text()).slice(0, 200)}`);
    stored.push({ ticket, id: ((await res.json()) as { id: string }).id });
  });
  const downloadSeconds = await timed(o.rounds, async (i) => {
    const { ticket, id } = stored[i + 1]!;
    const res = await fetch(`${stack.apiUrl}/api/v1/tickets/${ticket}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200 || bytes.length !== photo.length) throw new Error(`download → ${res.status}, ${bytes.length} bytes`);
  });

  const mbps = (seconds: number) => (o.rounds * photo.length) / MB / seconds;
  const copy = mbps(copySeconds);
  return {
    fileBytes: photo.length,
    rounds: o.rounds,
    copyMBps: round(copy, 1),
    uploadMBps: round(mbps(uploadSeconds), 1),
    downloadMBps: round(mbps(downloadSeconds), 1),
    uploadOverCopy: round(mbps(uploadSeconds) / copy),
    downloadOverCopy: round(mbps(downloadSeconds) / copy),
  };
}
