// Notification mail over real SMTP (a server on loopback): every event kind the core emits reaches
// the catalog addresses it names (and the supervision desk when asked), with the ticket number and
// the event's title in the subject and the deadline in Beijing time in the body. An SMTP outage
// fails the activity; once the server is back the retry delivers the same message, once.
import type { NotifyRequest, TicketSummary } from '../../activities/contract';
import type { ActivityLogger } from '../../activities/log';
import { beijingTime, messageIdFor } from '../../activities/mail';
import { loadCatalog } from '../../config/catalog-source';
import { findUnit } from '../../domain/catalog';
import { defaultRules } from '../../domain/ticket';
import { NotificationEvent, notificationEvents } from '../../domain/ticket/effects';
import { LoopbackSmtp } from '../setup/smtp';
import { testActivities, ticketId } from '../setup/temporal';

const catalog = loadCatalog();
const email = (code: string) => findUnit(catalog, code)!.email;
const DESK = 'duban@test.example';
const DISPATCH_DESK = 'paidan@test.example';
const LEAD = 'LJ-JB-HOUSING';

const summary = (id: string): TicketSummary => ({
  id,
  category: 'PROPERTY_MANAGEMENT',
  district: 'JB',
  street: 'JB-BJ',
  status: 'handling',
  description: '小区电梯长期故障，物业不维修',
  leadUnit: LEAD,
  signBy: '2026-03-10T04:00:00.000Z',
  replyBy: '2026-03-13T16:00:00.000Z',
  designateBy: '2026-03-16T16:00:00.000Z',
  firstContactBy: '2026-03-11T01:30:00.000Z',
  dispatchBy: '2026-03-10T02:00:00.000Z',
});

type Case = Pick<NotifyRequest, 'units' | 'supervisors' | 'dispatchDesk' | 'detail'> & { deadline: keyof TicketSummary };
/** Who the core addresses for each event (domain/ticket/decide.ts and timers.ts). */
const cases: Record<NotificationEvent, Case> = {
  dispatched: { units: [LEAD], deadline: 'signBy' },
  co_dispatched: { units: ['LJ-JB-URBAN', 'LJ-JB-BJ-OFFICE'], deadline: 'replyBy' },
  direct_dispatched: { units: ['LJ-WATER'], deadline: 'signBy' },
  direct_dispatch_supervision: { units: ['LJ-JB-GOV', 'LJ-HOUSING'], deadline: 'signBy' },
  transferred: { units: ['LJ-URBAN'], deadline: 'signBy' },
  designated: { units: ['LJ-JB-URBAN'], deadline: 'signBy' },
  rehandle: { units: [LEAD], deadline: 'replyBy' },
  whistle: { units: ['LJ-JB-URBAN'], detail: '请城管部门到场处置违建', deadline: 'replyBy' },
  assigned_down: { units: ['LJ-JB-BJ-HP'], detail: '请社区上门核实', deadline: 'replyBy' },
  sign_overdue: { units: [LEAD], deadline: 'signBy' },
  dispatch_overdue: { units: [], dispatchDesk: true, deadline: 'dispatchBy' },
  contact_overdue: { units: [LEAD], deadline: 'firstContactBy' },
  reply_reminder: { units: [LEAD], deadline: 'replyBy' },
  commitment_reminder: { units: [LEAD], deadline: 'replyBy' },
  commitment_overdue: { units: [LEAD], supervisors: true, detail: '一个月内完成小区路灯更换', deadline: 'replyBy' },
  review_reminder: { units: [LEAD], deadline: 'replyBy' },
  sign_off_reminder: { units: [LEAD], deadline: 'replyBy' },
  escalation: { units: [LEAD], supervisors: true, detail: defaultRules.escalationLadder[1].label, deadline: 'replyBy' },
  urged: { units: [LEAD], detail: '请本周内答复', deadline: 'replyBy' },
  extension_approved: { units: [LEAD], detail: '同意延期', deadline: 'replyBy' },
  extension_rejected: { units: [LEAD], detail: '理由不充分', deadline: 'replyBy' },
  reply_rejected: { units: [LEAD], detail: '未说明政策依据', deadline: 'replyBy' },
  designation_overdue: { units: [], supervisors: true, deadline: 'designateBy' },
  non_compliant_declared: { units: [], supervisors: true, detail: '诉求超出法定标准，经约见、调解仍不满意', deadline: 'replyBy' },
  non_compliant_refused: { units: [LEAD], detail: '调解记录不全', deadline: 'replyBy' },
  consultation: { units: [LEAD, 'LJ-JB-URBAN'], detail: '电梯维修责任（2026-03-12T02:00:00Z）', deadline: 'replyBy' },
  supervision_escalated: { units: [LEAD], supervisors: true, detail: '多人一诉：同一诉求5人反映（提级阈值5人）', deadline: 'replyBy' },
};

describe('notification mail over SMTP', () => {
  const smtp = new LoopbackSmtp({ rejectRecipients: ['jb-bj@lj.example.gov.cn'] });
  const warnings: unknown[] = [];
  const logger: ActivityLogger = { info() {}, warn: (m, meta) => warnings.push({ m, meta }) };
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  test('the test table covers every event kind of the core', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(notificationEvents).sort());
  });

  test.each(Object.keys(cases) as NotificationEvent[])('%s', async (event) => {
    const c = cases[event];
    const id = ticketId('MAIL');
    const activities = testActivities(smtp.url, { logger });
    const result = await activities.notifyUnits({
      ticket: summary(id),
      event,
      units: c.units,
      supervisors: c.supervisors,
      dispatchDesk: c.dispatchDesk,
      detail: c.detail,
      key: `${event}-1`,
    });

    // A refused mailbox (the street office here) is reported, not retried; everyone else gets mail.
    const refused: string[] = c.units.filter((u) => u === 'LJ-JB-BJ-OFFICE');
    const expected = [
      ...c.units.filter((u) => !refused.includes(u)).map(email),
      ...(c.supervisors ? [DESK] : []),
      ...(c.dispatchDesk ? [DISPATCH_DESK] : []),
    ];
    expect(result.messageIds).toHaveLength(expected.length);
    expect(result.rejected?.map((r) => r.recipient) ?? []).toEqual(refused);

    const got = await Promise.all(result.messageIds.map((mid) => smtp.waitFor((m) => m.messageId === mid)));
    expect(
      got
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual([...expected].sort());
    for (const m of got) {
      expect(m.subject).toContain(id);
      expect(m.subject).toContain(notificationEvents[event]);
      expect(m.text).toContain(`${beijingTime(summary(id)[c.deadline] as string)}（北京时间）`);
      expect(m.text).toContain('物业管理');
      expect(m.text).toContain('江北区');
      expect(m.text).toContain(`http://127.0.0.1:3000/api/v1/tickets/${id}`);
      if (c.detail) expect(m.text).toContain(c.detail);
    }
    if (event === 'escalation') {
      // The ladder's wording reaches the unit and the desk, in the subject too.
      for (const m of got) expect(m.subject).toContain(defaultRules.escalationLadder[1].label);
    }
  });

  test('a refused mailbox is logged as a warning, with the unit', () => {
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(warnings)).toContain('LJ-JB-BJ-OFFICE');
  });
});

describe('SMTP outage', () => {
  test('down: the activity fails; up again: the retry delivers the same Message-ID, once', async () => {
    const probe = await new LoopbackSmtp().start();
    const port = probe.port;
    await probe.stop();

    const id = ticketId('OUTAGE');
    const req: NotifyRequest = { ticket: summary(id), event: 'dispatched', units: [LEAD], key: 'dispatch-1' };
    const activities = testActivities(`smtp://127.0.0.1:${port}`, { logger: { info() {}, warn() {} } });
    await expect(activities.notifyUnits(req)).rejects.toThrow(/ECONNREFUSED|connect/i);

    const smtp = await new LoopbackSmtp().start(port);
    try {
      const expectedId = messageIdFor(id, 'dispatched', 'dispatch-1', LEAD, 'test.example');
      expect(await activities.notifyUnits(req)).toEqual({ messageIds: [expectedId] });
      const m = await smtp.waitFor((x) => x.messageId === expectedId);
      expect(m.to).toEqual([email(LEAD)]);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.received.filter((x) => x.messageId === expectedId)).toHaveLength(1);
      // A later retry of the same activity (e.g. a lost completion) carries the same id again.
      expect(await activities.notifyUnits(req)).toEqual({ messageIds: [expectedId] });
    } finally {
      await smtp.stop();
    }
  });
});
