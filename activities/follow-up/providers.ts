// Follow-up call providers (回访: "automated calls first, people second", seed 003), chosen by
// configuration:
//   voice  — ask the automated call provider to call; it reports each result to the API's callback
//   link   — text each requester a signed, expiring link to the rating page
//   manual — nothing automated: the ticket waits in the follow-up agents' queue
// A failure throws: the workflow's retry policy and the next scheduled attempt handle it.
import type { Catalog } from '../../domain/catalog';
import { findCategory } from '../../domain/catalog';
import type { FollowUpCallRequest, FollowUpCallResult } from '../contract';
import { ActivityLogger, scheduledAt } from '../log';
import { FollowUpTemplates, renderRatingSms, renderVoiceScript } from '../../follow-up/messages';
import { createRatingToken, DEFAULT_RATING_TTL_MS } from '../../follow-up/rating-token';
import { signBody, SIGNATURE_HEADER } from '../../follow-up/signature';
import { httpFailure, networkReason, SmsGateway } from './sms';

export type FollowUpProvider = 'voice' | 'link' | 'manual';

export interface FollowUpSettings {
  provider: FollowUpProvider;
  /** voice: the provider's "place a call" endpoint (HOTLINE_VOICE_URL). */
  voiceUrl?: string;
  /** voice: where the provider posts results (${publicUrl}/api/v1/callbacks/voice). */
  callbackUrl?: string;
  /** HOTLINE_CALLBACK_SECRET: also signs our requests to the provider and SMS gateway. */
  callbackSecret?: string;
  /** link: base of the rating page, ${publicUrl}/rate/<token> (default: the mail's publicUrl). */
  publicUrl?: string;
  /** link: HMAC secret of rating tokens, shared with the API that serves /rate/<token>. */
  ratingSecret?: string;
  /** link: validity of a rating link (default 7 days; never beyond the ticket's followUpBy). */
  ratingTtlMs?: number;
  /** HTTP timeout of one provider request (default 30 s). */
  timeoutMs?: number;
}

export interface FollowUpDeps {
  settings: FollowUpSettings;
  catalog: () => Catalog;
  sms: () => SmsGateway;
  log: ActivityLogger;
  templates?: FollowUpTemplates;
  now?: () => number;
}

const reachable = (req: FollowUpCallRequest) =>
  req.requesters.filter((r): r is typeof r & { phone: string } => typeof r.phone === 'string' && r.phone.trim() !== '');

/** The idempotency key of one attempt (no personal data): the same on every retry of it. */
export const attemptKey = (req: FollowUpCallRequest): string => `${req.ticket.id}.r${req.round ?? 0}.a${req.attempt}`;

/** The request body sent to the voice provider. */
export interface VoiceCallRequestBody {
  ticket: string;
  round: number;
  attempt: number;
  callees: { requester: number; phone: string }[];
  /** Who handled it and how to reach them, told to the citizen (seed 001). */
  handler?: { name: string; phone: string };
  /** What the automated call says before asking for the rating. */
  script: string;
  callbackUrl?: string;
}

export async function placeFollowUp(req: FollowUpCallRequest, d: FollowUpDeps): Promise<FollowUpCallResult> {
  const s = d.settings;
  const meta = { ticket: req.ticket.id, round: req.round ?? 0, attempt: req.attempt, provider: s.provider };
  if (s.provider === 'manual') return { outcome: 'queued_manual' };
  const callees = reachable(req);
  if (callees.length === 0) {
    d.log.info('follow-up: no requester with a phone number, left to the agents', meta);
    return { outcome: 'queued_manual', detail: 'no requester with a phone number' };
  }
  const category = findCategory(d.catalog(), req.ticket.category)?.name ?? req.ticket.category;

  if (s.provider === 'voice') {
    if (!s.voiceUrl) {
      d.log.warn('follow-up: provider voice without HOTLINE_VOICE_URL, left to the agents', meta);
      return { outcome: 'queued_manual', detail: 'voice provider not configured' };
    }
    const body: VoiceCallRequestBody = {
      ticket: req.ticket.id,
      round: req.round ?? 0,
      attempt: req.attempt,
      callees: callees.map((r) => ({ requester: r.index, phone: r.phone })),
      handler: req.handler,
      script: renderVoiceScript({ ticket: req.ticket.id, category, handler: req.handler }, d.templates),
      callbackUrl: s.callbackUrl,
    };
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': attemptKey(req) };
    if (s.callbackSecret) headers[SIGNATURE_HEADER] = signBody(raw, s.callbackSecret);
    let res: Response;
    try {
      res = await fetch(s.voiceUrl, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(s.timeoutMs ?? 30_000) });
    } catch (err) {
      throw new Error(`voice provider unreachable: ${networkReason(err)}`, { cause: err });
    }
    await res.body?.cancel();
    if (!res.ok) throw httpFailure('voice provider', res.status);
    d.log.info('follow-up: voice call requested', { ...meta, callees: callees.length });
    return { outcome: 'placed', detail: `${callees.length} callee(s)` };
  }

  // link
  const publicUrl = s.publicUrl?.replace(/\/$/, '');
  if (!s.ratingSecret || !publicUrl) {
    d.log.warn('follow-up: provider link without a rating secret or public URL, left to the agents', meta);
    return { outcome: 'queued_manual', detail: 'link provider not configured' };
  }
  // Issued at the attempt's first scheduling: every retry builds the same token and text.
  const issuedAt = scheduledAt(d.now);
  let expiresAt = issuedAt + (s.ratingTtlMs ?? DEFAULT_RATING_TTL_MS);
  const followUpBy = req.ticket.followUpBy ? Date.parse(req.ticket.followUpBy) : NaN;
  if (followUpBy > issuedAt && followUpBy < expiresAt) expiresAt = followUpBy;
  const sms = d.sms();
  for (const r of callees) {
    const token = createRatingToken({ ticket: req.ticket.id, requester: r.index, round: req.round ?? 0, expiresAt }, s.ratingSecret);
    const text = renderRatingSms(
      { ticket: req.ticket.id, category, handler: req.handler, link: `${publicUrl}/rate/${token}`, expiresAt, reminder: req.attempt > 1 },
      d.templates,
    );
    await sms.send({ phone: r.phone, text, id: `${attemptKey(req)}.q${r.index}` });
  }
  d.log.info('follow-up: rating link sent', { ...meta, recipients: callees.length, expiresAt: new Date(expiresAt).toISOString() });
  return { outcome: 'placed', detail: `rating link to ${callees.length} requester(s)` };
}
