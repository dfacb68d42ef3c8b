// The codec server of the Temporal Web UI and CLI: POST <endpoint>/encode and /decode, in the JSON
// form they send ({ payloads: [{ metadata: { k: base64 }, data: base64 }] }, header X-Namespace).
// Admins only; every decode is logged with the personal-data reads (ledger phone_reads, via
// `codec-decode`), once per ticket the payloads belong to, before anything is answered: a decode
// that cannot be logged is refused.
import express, { RequestHandler, Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Actor } from '../../domain/ticket';
import type { Queryable } from '../../ledger/db';
import { recordPhoneRead } from '../../ledger/phone-reads';
import { isEncrypted, PayloadKeyMissingError, payloadTicket } from '../../codec/payload-codec';
import { ApiError, parseOr400 } from '../errors';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** The caller: the bearer token's actor (API), or the machine's own admin (loopback listener of npm start). */
  identify: (authorization: string | undefined) => Promise<Actor>;
  /** The ledger the decodes are logged in; without one a decode is refused (503). */
  ledger: () => Queryable | undefined;
  /** Origins of the Temporal Web UI allowed to call from a browser. */
  corsOrigins: readonly string[];
  now: () => Date;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const payloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(10_000),
});

const fromJson = (p: z.infer<typeof payloadsBody>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** The API's caller: a bearer token, as on every /api route. */
export function bearerIdentity(verify: (token: string) => Promise<Actor>): CodecServerOptions['identify'] {
  return async (authorization) => {
    const m = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!m) throw new ApiError('unauthorized', '缺少 Authorization: Bearer <令牌>（Temporal Web UI 需开启“传递访问令牌”）');
    return verify(m[1]!);
  };
}

export function codecRoutes(o: CodecServerOptions): Router {
  const router = Router();
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    if (origin && o.corsOrigins.includes(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') res.status(204).end();
    else next();
  };
  const admin: RequestHandler = async (req, res, next) => {
    const actor = await o.identify(req.get('authorization'));
    if (actor.role !== 'admin') throw new ApiError('forbidden', '只有热线管理员（admin）可以解码工作流历史中的公民数据');
    res.locals.actor = actor;
    res.set('Cache-Control', 'no-store');
    next();
  };
  const parse = (body: unknown) => parseOr400(payloadsBody, body, 'body').payloads.map(fromJson);

  router.use(['/encode', '/decode'], cors);
  router.post('/encode', express.json({ limit: '8mb' }), admin, async (req, res) => {
    res.json({ payloads: (await o.codec.encode(parse(req.body))).map(toJson) });
  });
  router.post('/decode', express.json({ limit: '8mb' }), admin, async (req, res) => {
    const payloads = parse(req.body);
    const tickets = [...new Set(payloads.filter(isEncrypted).map((p) => payloadTicket(p) ?? '-'))];
    if (tickets.length) {
      const db = o.ledger();
      if (!db) throw new ApiError('ledger_unavailable', '台账数据库不可用：解码必须先记入个人信息读取记录，暂不能解码');
      const actor = res.locals.actor as Actor;
      const at = o.now().toISOString();
      for (const ticketId of tickets) {
        await recordPhoneRead(db, {
          at,
          ticketId,
          actorId: actor.id,
          actorRole: actor.role,
          actorUnit: actor.unit ?? null,
          requesters: [],
          via: 'codec-decode',
        });
      }
    }
    try {
      res.json({ payloads: (await o.codec.decode(payloads)).map(toJson) });
    } catch (err) {
      if (err instanceof PayloadKeyMissingError) throw new ApiError('not_configured', err.message, { keyId: err.keyId });
      // Altered, cut or relabelled ciphertext: the caller's payload is wrong, not the server.
      throw new ApiError('validation_failed', (err as Error).message, [{ path: 'payloads', message: (err as Error).message }]);
    }
  });
  return router;
}
