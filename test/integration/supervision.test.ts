// Pattern escalation end to end (提级督办, seed 004) on the time-skipping server, with the real
// loopback SMTP server and a real ledger: a caller's third ticket in 30 days (一人多诉) and a ticket
// open past 15 working days (久拖不决) are escalated by their workflows, the supervision desk is
// mailed, and GET /api/v1/supervision lists them — with neither the phone nor its pseudonym.
import request from 'supertest';
import { createApp } from '../../api/app';
import { signToken } from '../../api/auth';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import seed from '../../config/rules.seed.json';
import { addWorkingDays } from '../../domain/calendar';
import { findUnit } from '../../domain/catalog';
import { toSupervisionRules } from '../../domain/rule-book';
import { defaultRules, Role } from '../../domain/ticket';
import { phonePseudonym } from '../../ledger/pseudonym';
import { act, state } from '../setup/drive';
import { recordHistory } from '../setup/histories';
import { useTimeSkippingLedgerWorker } from '../setup/ledger-worker';
import { dispatcher, eventually, startTicket, ticketId, ticketInput, TEST_PSEUDONYM_SECRET } from '../setup/temporal';

const taskQueue = 'supervision';
const UNIT = 'LJ-JB-HOUSING';
const DESK = 'duban@test.example';
const JWT = 'supervision-test-secret-0123456789';
const supervision = toSupervisionRules(seed.supervision);
const calendar = loadCalendar();

describe('pattern escalation (time-skipping server, SMTP, ledger)', () => {
  const t = useTimeSkippingLedgerWorker(taskQueue);
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({
      client: t.env.client,
      namespace: 'default',
      taskQueue,
      catalog: () => loadCatalog(),
      auth: { secret: JWT },
      rules: () => defaultRules,
      calendar,
      ledger: t.ledger,
    });
  });

  const start = (phone: string) => {
    const input = ticketInput(ticketId('SV'), undefined, { citizen: { name: '张三', phone, anonymous: false, followUp: true } });
    return startTicket(t.env.client, taskQueue, { ...input, supervision });
  };
  const list = async (query = '', role: Role = 'supervisor') =>
    request(app)
      .get(`/api/v1/supervision${query}`)
      .set('Authorization', `Bearer ${await signToken(JWT, { sub: 's', role, ...(role === 'handler' ? { unit: UNIT } : {}) })}`);
  const recorded = (id: string) =>
    eventually(
      () => t.ledger.query('SELECT 1 FROM ticket_callers WHERE ticket_id = $1', [id]),
      (rows) => rows.length > 0,
    );

  test('一人多诉: the third ticket of one caller in 30 days is escalated, mailed to the desk and listed', async () => {
    const PHONE = '13811110001';
    const first = await start(PHONE);
    await recorded(first.workflowId);
    const second = await start(PHONE);
    await recorded(second.workflowId);
    expect((await state(second)).supervision).toBeUndefined();

    const third = await start(PHONE);
    const escalated = await eventually(
      () => state(third),
      (s) => s.supervision !== undefined,
    );
    expect(escalated.supervision).toMatchObject({
      level: 1,
      reasons: [{ reason: 'repeat_caller', detail: '同一来电人30天内反映3件诉求（提级阈值3件）' }],
    });
    expect(escalated.history.map((e) => e.action)).toContain('supervision');

    const mail = await t.smtp.waitFor((m) => m.subject.includes(third.workflowId) && m.subject.includes('提级督办'));
    expect(mail.to).toEqual([DESK]);
    expect(mail.subject).toBe(`【12345热线】提级督办：一人多诉：同一来电人30天内反映3件诉求（提级阈值3件） 工单${third.workflowId}`);
    expect(mail.text).toContain('提级原因：一人多诉');
    expect(mail.text).not.toContain(PHONE);

    const res = await eventually(
      () => list('?reason=repeat_caller'),
      (r) => r.body.items?.length === 1,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        ticketId: third.workflowId,
        level: 1,
        status: 'registered',
        reasons: [expect.objectContaining({ reason: 'repeat_caller' })],
      }),
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(phonePseudonym(TEST_PSEUDONYM_SECRET, PHONE)!);
    // The first two stay off the list; the ledger holds the caller only as a pseudonym.
    expect((await list()).body.items.map((i: { ticketId: string }) => i.ticketId)).not.toContain(second.workflowId);
    const dump = JSON.stringify(await t.ledger.query('SELECT * FROM ticket_summaries'));
    expect(dump).not.toContain(PHONE);
    await recordHistory(third, 'i14b-supervision-repeat-caller');
  });

  test('久拖不决: still open 15 working days after registration → escalated at that moment, desk and unit mailed', async () => {
    const h = await start('13811110002');
    const s = await act(h, 'dispatch', dispatcher, { unit: UNIT });
    const due = addWorkingDays(calendar, Date.parse(s.registeredAt), 15).dueAt;
    await t.env.sleep(Date.parse(due) - (await t.env.currentTimeMs()) - 60_000);
    expect((await state(h)).supervision).toBeUndefined();
    await t.env.sleep(120_000);
    const after = await state(h);
    expect(after.supervision?.reasons).toEqual([{ reason: 'long_open', at: expect.any(String), detail: '受理后15个工作日仍未办结' }]);
    const delay = Date.parse(after.supervision!.reasons[0]!.at) - Date.parse(due);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(2_000);
    const mail = await t.smtp.waitFor((m) => m.subject.includes(h.workflowId) && m.subject.includes('久拖不决'));
    const desk = t.smtp.received.filter((m) => m.subject === mail.subject).flatMap((m) => m.to);
    expect(desk.sort()).toEqual([DESK, findUnit(loadCatalog(), UNIT)!.email].sort());
    // The first test's three tickets, never handled, are as old: escalated too; its third now for two patterns.
    const listed = await eventually(
      () => list('?reason=long_open'),
      (r) => r.body.items?.length === 4,
    );
    const mine = listed.body.items.find((i: { ticketId: string }) => i.ticketId === h.workflowId);
    expect(mine).toMatchObject({ leadUnit: UNIT, level: 1, reasons: [{ reason: 'long_open' }] });
    const levels = listed.body.items.map((i: { level: number; reasons: { reason: string }[] }) => [i.level, i.reasons.map((r) => r.reason)]);
    expect(levels).toContainEqual([2, ['repeat_caller', 'long_open']]);
    await recordHistory(h, 'i14b-supervision-long-open');
  });

  test('the list: reason validated (400 naming it), paging, supervisor and admin only', async () => {
    const bad = await list('?reason=angry');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    const page1 = await list('?pageSize=3', 'admin');
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.nextPageToken).toBe('3');
    const page2 = await list(`?pageSize=3&pageToken=${page1.body.nextPageToken}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextPageToken).toBeUndefined();
    const ids = [...page1.body.items, ...page2.body.items].map((i: { ticketId: string }) => i.ticketId);
    expect(new Set(ids).size).toBe(4);
    expect((await list('?pageToken=abc')).status).toBe(400);
    expect((await list('', 'handler')).status).toBe(403);
    expect((await list('', 'operator')).status).toBe(403);
  });
});
