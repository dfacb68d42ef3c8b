// The voice follow-up provider against a fake provider that is a real HTTP server on loopback:
// what the activity sends (and where phone numbers may go), how it fails; then, on the
// time-skipping server with a real worker, the calling schedule: first call at 08:00 Beijing when the
// reply was approved at night, attempts an interval apart, then the manual queue, then unreachable.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FollowUpCallRequest, TicketSummary } from '../../activities/contract';
import type { VoiceCallRequestBody } from '../../activities/follow-up/providers';
import { SIGNATURE_HEADER, verifyBody } from '../../follow-up/signature';
import type { ActivityLogger } from '../../activities/log';
import { defaultRules, TicketRules } from '../../domain/ticket';
import { replyInput, state, toFollowUp } from '../setup/drive';
import { closedPort, HttpRecorder } from '../setup/http-recorder';
import { LoopbackSmtp } from '../setup/smtp';
import {
  expectFiredAt,
  intake,
  readyTestActivities,
  startTicket,
  startWorker,
  testActivities,
  ticketId,
  ticketInput,
  timeSkipping,
} from '../setup/temporal';

const SECRET = 'callback-secret-0123456789';
const CALLBACK_URL = 'http://127.0.0.1:3000/api/v1/callbacks/voice';
const CITIZEN_PHONE = intake().citizen.phone!; // 13812345678
const HANDLER = { name: replyInput.handlerName, phone: replyInput.handlerPhone };
const digits = (s: string) => s.replace(/\D/g, '');
/** No phone number in `text`, however it is punctuated. */
const expectNoPhones = (text: string) => {
  for (const p of [CITIZEN_PHONE, HANDLER.phone]) {
    expect(digits(text)).not.toContain(digits(p));
  }
};

const recordingLogger = (lines: string[]): ActivityLogger => ({
  info: (m, meta) => lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
  warn: (m, meta) => lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
});

const summary = (id: string): TicketSummary => ({
  id,
  category: 'PROPERTY_MANAGEMENT',
  district: 'JB',
  status: 'follow_up',
  description: '小区电梯长期故障，物业不维修',
  leadUnit: 'LJ-JB-HOUSING',
});

describe('voice provider: the activity against a fake provider on loopback', () => {
  const provider = new HttpRecorder();
  const lines: string[] = [];
  let voiceUrl: string;
  const activities = (url = voiceUrl, provider: 'voice' | 'manual' = 'voice') =>
    testActivities('smtp://127.0.0.1:9', {
      followUp: { provider, voiceUrl: url, callbackUrl: CALLBACK_URL, callbackSecret: SECRET },
      logger: recordingLogger(lines),
    });
  const request = (id: string, extra: Partial<FollowUpCallRequest> = {}): FollowUpCallRequest => ({
    ticket: summary(id),
    attempt: 1,
    round: 0,
    requesters: [
      { index: 0, phone: CITIZEN_PHONE, name: '张三' },
      { index: 1, name: '匿名诉求人' }, // no phone: cannot be called
    ],
    handler: HANDLER,
    reply: replyInput.content,
    ...extra,
  });

  beforeAll(async () => {
    await provider.start();
    voiceUrl = `${provider.url}/v1/calls`;
  });
  afterAll(() => provider.stop());
  beforeEach(() => {
    provider.status = 200;
    provider.requests.length = 0;
  });
  afterEach(() => expectNoPhones(lines.join('\n')));

  test('200: placed; the request asks to call the reachable requesters, with the handler and the callback', async () => {
    const id = ticketId('VOICE');
    await expect(activities().placeFollowUpCall(request(id))).resolves.toEqual({ outcome: 'placed', detail: '1 callee(s)' });
    expect(provider.requests).toHaveLength(1);
    const r = provider.requests[0];
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/v1/calls');
    const body = r.body as VoiceCallRequestBody;
    expect(body).toEqual({
      ticket: id,
      round: 0,
      attempt: 1,
      callees: [{ requester: 0, phone: CITIZEN_PHONE }],
      handler: HANDLER,
      script: expect.stringContaining(`工单${id}`),
      callbackUrl: CALLBACK_URL,
    });
    expect(body.script).toContain('物业管理');
    expect(body.script).toContain(`承办人${HANDLER.name}`); // seed 001: the citizen hears who handled it
    expect(r.raw).not.toContain('张三'); // only what the call needs
    expect(r.headers['idempotency-key']).toBe(`${id}.r0.a1`);
    // Signed like the callbacks, so the provider can authenticate the hotline.
    expect(verifyBody(r.headers[SIGNATURE_HEADER.toLowerCase()], r.raw, SECRET)).toMatchObject({ ok: true });
    expect(lines.some((l) => l.includes('voice call requested') && l.includes(id))).toBe(true);
  });

  test('a retry of one attempt carries the same idempotency key; the next attempt a new one', async () => {
    const id = ticketId('VOICE');
    await activities().placeFollowUpCall(request(id));
    await activities().placeFollowUpCall(request(id));
    await activities().placeFollowUpCall(request(id, { attempt: 2 }));
    expect(provider.requests.map((r) => r.headers['idempotency-key'])).toEqual([`${id}.r0.a1`, `${id}.r0.a1`, `${id}.r0.a2`]);
  });

  test('500: the activity fails (retryable), without a phone number in the error', async () => {
    provider.status = 500;
    const err = await activities()
      .placeFollowUpCall(request(ticketId('VOICE')))
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('voice provider answered HTTP 500');
    expect((err as { nonRetryable?: boolean }).nonRetryable).toBeUndefined();
    expect(provider.requests).toHaveLength(1);
    expectNoPhones(String((err as Error).stack));
  });

  test('400: a definite refusal fails without retries', async () => {
    provider.status = 400;
    const err = await activities()
      .placeFollowUpCall(request(ticketId('VOICE')))
      .catch((e: Error) => e);
    expect(err).toMatchObject({ message: 'voice provider answered HTTP 400', nonRetryable: true });
  });

  test('connection refused: the activity fails', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1/calls`;
    const err = await activities(url)
      .placeFollowUpCall(request(ticketId('VOICE')))
      .catch((e: Error) => e);
    expect((err as Error).message).toBe('voice provider unreachable: ECONNREFUSED');
    expectNoPhones(String((err as Error).stack));
  });

  test('nobody with a phone number, or the manual provider: queued for the agents, no request', async () => {
    const noPhones = request(ticketId('VOICE'), { requesters: [{ index: 0, name: '匿名' }] });
    await expect(activities().placeFollowUpCall(noPhones)).resolves.toMatchObject({ outcome: 'queued_manual' });
    await expect(activities(voiceUrl, 'manual').placeFollowUpCall(request(ticketId('VOICE')))).resolves.toEqual({ outcome: 'queued_manual' });
    expect(provider.requests).toHaveLength(0);
  });
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The first instant after `after` at hh:mm Beijing time. */
function nextBeijing(after: number, hh: number, mm = 0): number {
  const dayStart = Math.floor((after + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  const t = dayStart + hh * HOUR + mm * 60_000;
  return t > after ? t : t + DAY;
}
const beijingHour = (ms: number) => new Date(ms + 8 * HOUR).getUTCHours();

describe('voice follow-up schedule (time-skipping server, real worker)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const smtp = new LoopbackSmtp();
  const provider = new HttpRecorder();
  const lines: string[] = [];
  const taskQueue = 'voice-follow-up';
  const UNIT = 'LJ-JB-HOUSING';
  const rules: TicketRules = { ...defaultRules, followUp: { ...defaultRules.followUp, provider: 'voice' } };

  beforeAll(async () => {
    await Promise.all([smtp.start(), provider.start()]);
    env = await timeSkipping();
    const activities = await readyTestActivities(smtp.url, {
      followUp: { provider: 'voice', voiceUrl: `${provider.url}/v1/calls`, callbackUrl: CALLBACK_URL, callbackSecret: SECRET },
      logger: recordingLogger(lines),
    });
    worker = await startWorker(env.nativeConnection, taskQueue, activities);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await Promise.all([smtp.stop(), provider.stop()]);
  });

  test('approved at 22:30 → calls at 08:00, 09:00, 10:00 Beijing → manual queue at 11:00 → unreachable at followUpBy', async () => {
    const { attempts, intervalMinutes, unreachableAfterHours, windowStartHour, windowEndHour } = rules.followUp;
    // Put the server's clock at 22:30 Beijing, outside the calling window (08:00–21:00).
    const now = await env.currentTimeMs();
    await env.sleep(nextBeijing(now, 22, 30) - now);

    const h = await startTicket(env.client, taskQueue, ticketInput(ticketId('VOICE'), undefined, {}, rules));
    const s = await toFollowUp(h, UNIT);
    expect(s.status).toBe('follow_up');
    expect(s.followUp?.queue).toBe('auto');
    const approvedAt = Date.parse(s.followUp!.startedAt);
    expect(beijingHour(approvedAt)).toBe(22);

    let callAt = nextBeijing(approvedAt, windowStartHour);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      // Just before the call nothing has been placed; just after, the provider has the request.
      await env.sleep(callAt - (await env.currentTimeMs()) - 60_000);
      expect((await state(h)).counters.followUpAttempts).toBe(attempt - 1);
      await env.sleep(2 * 60_000);
      const req = await provider.waitFor((r) => (r.body as VoiceCallRequestBody).attempt === attempt);
      expect(req.body).toMatchObject({ ticket: h.workflowId, attempt, callees: [{ requester: 0, phone: CITIZEN_PHONE }], handler: HANDLER });
      const calls = (await state(h)).history.filter((e) => e.action === 'followUpCall');
      expect(calls).toHaveLength(attempt);
      expectFiredAt(calls[attempt - 1].at, new Date(callAt).toISOString());
      expect(beijingHour(Date.parse(calls[attempt - 1].at))).toBeGreaterThanOrEqual(windowStartHour);
      expect(beijingHour(Date.parse(calls[attempt - 1].at))).toBeLessThan(windowEndHour);
      callAt += intervalMinutes * 60_000;
    }

    // Automated calls exhausted: one interval after the last call, the agents' queue.
    await env.sleep(callAt - (await env.currentTimeMs()) + 60_000);
    const manual = await state(h);
    expect(manual.followUp?.queue).toBe('manual');
    expectFiredAt(manual.history.find((e) => e.action === 'followUpToManual')!.at, new Date(callAt).toISOString());

    // Nobody rated it by followUpBy: closed as unreachable (无法联系).
    expect(manual.deadlines.followUpBy).toBe(new Date(approvedAt + unreachableAfterHours * HOUR).toISOString());
    await env.sleep(Date.parse(manual.deadlines.followUpBy!) - (await env.currentTimeMs()) + 60_000);
    const closed = await h.result();
    expect(closed.status).toBe('closed');
    expect(closed.outcome?.closure).toBe('unreachable');
    expectFiredAt(closed.closedAt!, manual.deadlines.followUpBy!);

    // Exactly one provider request per attempt; phone numbers went there and nowhere else.
    const mine = provider.requests.filter((r) => (r.body as VoiceCallRequestBody).ticket === h.workflowId);
    expect(mine.map((r) => (r.body as VoiceCallRequestBody).attempt)).toEqual([1, 2, 3]);
    expectNoPhones(lines.join('\n'));
    expectNoPhones(smtp.received.map((m) => `${m.subject}\n${m.text}`).join('\n'));
  });
});
