// The link follow-up provider: a text message with a signed, expiring rating link, through an SMS
// gateway that is a real HTTP server on loopback, or (no HOTLINE_SMS_URL) into $HOTLINE_DATA_DIR/sms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { FollowUpCallRequest, TicketSummary } from '../../activities/contract';
import { readRatingToken } from '../../follow-up/rating-token';
import { HttpSmsGateway } from '../../activities/follow-up/sms';
import type { ActivityLogger } from '../../activities/log';
import { HttpRecorder } from '../setup/http-recorder';
import { testActivities, ticketId } from '../setup/temporal';

const RATING_SECRET = 'rating-secret-0123456789';
const PUBLIC_URL = 'https://hotline.example.gov.cn';
const PHONE = '13812345678';
const NOW = Date.parse('2026-03-10T02:00:00Z');
const HOUR = 3_600_000;

const summary = (id: string, followUpBy?: string): TicketSummary => ({
  id,
  category: 'PROPERTY_MANAGEMENT',
  district: 'JB',
  status: 'follow_up',
  description: '小区电梯长期故障，物业不维修',
  followUpBy,
});
const request = (id: string, extra: Partial<FollowUpCallRequest> = {}): FollowUpCallRequest => ({
  ticket: summary(id),
  attempt: 1,
  round: 0,
  requesters: [{ index: 0, phone: PHONE }, { index: 1 }, { index: 2, phone: '13900001111' }],
  handler: { name: '李承办', phone: '0431-88886666' },
  ...extra,
});
const tokenOf = (text: string) => /\/rate\/([\w-]+\.[\w-]+)/.exec(text)?.[1] ?? '';

describe('link provider', () => {
  const gateway = new HttpRecorder();
  const lines: string[] = [];
  const logger: ActivityLogger = {
    info: (m, meta) => lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    warn: (m, meta) => lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
  };
  const activities = (extra: { ratingSecret?: string; dataDir?: string; http?: boolean } = {}) =>
    testActivities('smtp://127.0.0.1:9', {
      followUp: { provider: 'link', publicUrl: PUBLIC_URL, ratingSecret: 'ratingSecret' in extra ? extra.ratingSecret : RATING_SECRET },
      sms: extra.http === false ? undefined : new HttpSmsGateway(`${gateway.url}/sms`),
      dataDir: extra.dataDir,
      logger,
      now: () => NOW,
    });

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());
  beforeEach(() => {
    gateway.status = 200;
    gateway.requests.length = 0;
  });
  afterEach(() => {
    expect(lines.join('\n')).not.toMatch(/138\d{8}|139\d{8}|88886666/);
  });

  test('one SMS per reachable requester: POST {phone, text} with a rating link that reads back', async () => {
    const id = ticketId('LINK');
    await expect(activities().placeFollowUpCall(request(id))).resolves.toEqual({ outcome: 'placed', detail: 'rating link to 2 requester(s)' });
    expect(gateway.requests.map((r) => (r.body as { phone: string }).phone)).toEqual([PHONE, '13900001111']);
    const [first] = gateway.requests;
    expect(first.path).toBe('/sms');
    expect(Object.keys(first.body as object).sort()).toEqual(['phone', 'text']);
    expect(first.headers['idempotency-key']).toBe(`${id}.r0.a1.q0`);
    const text = (first.body as { text: string }).text;
    expect(text).toContain(`${PUBLIC_URL}/rate/`);
    expect(text).toContain(`工单${id}`);
    expect(text).toContain('承办人李承办'); // seed 001
    expect(text).toContain('有效期至03月17日 10:00'); // 7 days, Beijing time
    const read = readRatingToken(tokenOf(text), RATING_SECRET, NOW);
    expect(read).toEqual({ ok: true, payload: { ticket: id, requester: 0, round: 0, expiresAt: NOW + 7 * 24 * HOUR }, key: `${id}#0#0` });
    expect(readRatingToken(tokenOf((gateway.requests[1].body as { text: string }).text), RATING_SECRET, NOW)).toMatchObject({
      ok: true,
      payload: { requester: 2 },
    });
  });

  test('the link expires with the follow-up (followUpBy) when that comes first; later attempts are reminders', async () => {
    const id = ticketId('LINK');
    const followUpBy = new Date(NOW + 72 * HOUR).toISOString();
    await activities().placeFollowUpCall(request(id, { ticket: summary(id, followUpBy), attempt: 2, round: 1 }));
    const text = (gateway.requests[0].body as { text: string }).text;
    expect(text).toMatch(/^【12345热线】提醒/);
    expect(readRatingToken(tokenOf(text), RATING_SECRET, NOW)).toMatchObject({ ok: true, payload: { round: 1, expiresAt: NOW + 72 * HOUR } });
    expect(readRatingToken(tokenOf(text), RATING_SECRET, NOW + 72 * HOUR)).toEqual({ ok: false, reason: 'expired' });
  });

  test('a retry inside Temporal (same scheduled time) sends the very same text and key', async () => {
    const id = ticketId('LINK');
    // The SDK's activity logger is used inside an activity: record it too (no phone numbers).
    const sdkLogger = new DefaultLogger('INFO', (e) => lines.push(`${e.message} ${JSON.stringify(e.meta ?? {})}`));
    const env = new MockActivityEnvironment({ scheduledTimestampMs: NOW - 5 * 60_000, attempt: 1 }, { logger: sdkLogger });
    const retry = new MockActivityEnvironment({ scheduledTimestampMs: NOW - 5 * 60_000, attempt: 2 }, { logger: sdkLogger });
    const a = activities();
    await env.run(a.placeFollowUpCall, request(id, { requesters: [{ index: 0, phone: PHONE }] }));
    await retry.run(a.placeFollowUpCall, request(id, { requesters: [{ index: 0, phone: PHONE }] }));
    const [r1, r2] = gateway.requests;
    expect(r2.raw).toBe(r1.raw);
    expect(r2.headers['idempotency-key']).toBe(r1.headers['idempotency-key']);
    expect(lines.filter((l) => l.includes('rating link sent') && l.includes(id) && l.includes('"sdkComponent":"activity"'))).toHaveLength(2);
  });

  test('gateway failure fails the activity; no rating secret → left to the agents', async () => {
    gateway.status = 503;
    await expect(activities().placeFollowUpCall(request(ticketId('LINK')))).rejects.toThrow('SMS gateway answered HTTP 503');
    gateway.status = 200;
    gateway.requests.length = 0;
    await expect(activities({ ratingSecret: undefined }).placeFollowUpCall(request(ticketId('LINK')))).resolves.toMatchObject({
      outcome: 'queued_manual',
    });
    expect(gateway.requests).toHaveLength(0);
  });

  test('without HOTLINE_SMS_URL: text files in <data dir>/sms, and the log says where', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-sms-'));
    try {
      const id = ticketId('LINK');
      const a = activities({ dataDir, http: false });
      await a.placeFollowUpCall(request(id, { requesters: [{ index: 0, phone: PHONE }] }));
      await a.placeFollowUpCall(request(id, { requesters: [{ index: 0, phone: PHONE }] })); // a retry overwrites
      const dir = path.join(dataDir, 'sms');
      expect(fs.readdirSync(dir)).toEqual([`${id}.r0.a1.q0.txt`]);
      const content = fs.readFileSync(path.join(dir, `${id}.r0.a1.q0.txt`), 'utf8');
      expect(content.startsWith(`To: ${PHONE}\n\n【12345热线】`)).toBe(true);
      expect(readRatingToken(tokenOf(content), RATING_SECRET, NOW).ok).toBe(true);
      expect(lines.some((l) => l.includes(`HOTLINE_SMS_URL not set: text messages are written to ${dir}`))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
