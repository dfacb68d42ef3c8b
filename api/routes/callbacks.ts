// POST /api/v1/callbacks/voice: the automated call provider reports one call's result. No bearer
// token: the `X-Hotline-Signature` HMAC over the raw body (HOTLINE_CALLBACK_SECRET) is the
// authentication, checked before anything is parsed. An answered call becomes the ticket's
// `followUp` Update, acted by the system; no_answer / refused change nothing (the workflow's next
// scheduled attempt, then the manual queue, then the unreachable rule take over).
import express, { Router } from 'express';
import { followUpInputOf, parseVoiceCallback, SIGNATURE_HEADER, verifyBody } from '../../follow-up/signature';
import type { Actor } from '../../domain/ticket';
import type { ApiContext } from '../context';
import { ApiError, validationError } from '../errors';
import type { CallbackResult } from '../follow-up-schemas';
import { ticketId } from './tickets';

export const VOICE_CALLBACK_PATH = '/api/v1/callbacks/voice';
export const voiceProviderActor: Actor = { id: 'voice-provider', role: 'system' };

const signatureWhy = {
  missing: `缺少 ${SIGNATURE_HEADER} 签名头`,
  malformed: `${SIGNATURE_HEADER} 格式应为 t=<unix 秒>,v1=<hex>`,
  expired: '签名时间戳与服务器时间相差超过 5 分钟（防重放）',
  mismatch: '签名与请求体不符',
} as const;

export function callbackRoutes(ctx: ApiContext): Router {
  const r = Router();
  // The raw bytes, whatever the content type: the signature covers exactly what was sent.
  r.post(VOICE_CALLBACK_PATH, express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    if (!ctx.callbackSecret) {
      throw new ApiError('not_configured', '语音回访回调未启用：服务端未配置 HOTLINE_CALLBACK_SECRET');
    }
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyBody(req.get(SIGNATURE_HEADER), raw, ctx.callbackSecret);
    if (!check.ok) throw new ApiError('bad_signature', `回调签名无效：${signatureWhy[check.reason]}`, { reason: check.reason });

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new ApiError('invalid_json', `请求体不是合法的 JSON：${(err as Error).message}`);
    }
    const parsed = parseVoiceCallback(body);
    if (!parsed.ok) throw validationError('回调请求体', parsed.issues);
    const cb = parsed.value;
    const id = ticketId(cb.ticket);

    const input = followUpInputOf(cb);
    if (!input) {
      const result: CallbackResult = { status: 'accepted', ticket: id, outcome: cb.outcome };
      res.status(202).json(result);
      return;
    }
    if (cb.round !== undefined) {
      // A late result of an earlier round must not rate the current one.
      const current = await ctx.store.load(id);
      const round = current.followUp?.round;
      if (current.status !== 'follow_up' || round !== cb.round) {
        throw new ApiError(
          'conflict',
          `回调属于第 ${cb.round} 轮回访，工单当前${current.status === 'follow_up' ? `为第 ${round} 轮` : `状态为 ${current.status}（${current.statusLabel}）`}`,
          {
            status: current.status,
            statusLabel: current.statusLabel,
          },
        );
      }
    }
    const next = await ctx.store.act(id, 'followUp', voiceProviderActor, input);
    const result: CallbackResult = { status: 'recorded', ticket: id, outcome: cb.outcome, ticketStatus: next.status, statusLabel: next.statusLabel };
    res.json(result);
  });
  return r;
}
