// Notification mail as data: pure rendering, recipients, Message-IDs, and the .eml folder used
// when no SMTP server is configured. Also the follow-up texts (SMS, voice script).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { NotifyRequest, TicketSummary } from '../../activities/contract';
import { renderRatingSms, renderVoiceScript } from '../../follow-up/messages';
import {
  beijingTime,
  createTransport,
  defaultTemplates,
  MailTemplates,
  messageIdFor,
  recipients,
  renderNotification,
  senderDomain,
} from '../../activities/mail';
import { loadCatalog } from '../../config/catalog-source';
import { NotificationEvent, notificationEvents } from '../../domain/ticket/effects';

const catalog = loadCatalog();
const settings = {
  publicUrl: 'https://hotline.example.gov.cn/',
  supervisionEmail: 'duban@hotline.example',
  from: '12345热线 <noreply@hotline.example>',
};
const ticket: TicketSummary = {
  id: 'T-2026-000123',
  category: 'PROPERTY_MANAGEMENT',
  district: 'JB',
  street: 'JB-BJ',
  status: 'dispatched',
  description: '小区电梯长期故障，物业不维修',
  leadUnit: 'LJ-JB-HOUSING',
  signBy: '2026-03-10T04:00:00.000Z', // 12:00 Beijing
  replyBy: '2026-03-13T16:00:00.000Z', // end of 03-13 Beijing (24:00)
  designateBy: '2026-03-16T16:00:00.000Z',
};
const req = (event: NotificationEvent, extra: Partial<NotifyRequest> = {}): NotifyRequest => ({
  ticket,
  event,
  units: ['LJ-JB-HOUSING'],
  key: `${event}-1`,
  ...extra,
});

describe('notification templates', () => {
  test('every notification event of the core has a template entry with an ask and known deadlines', () => {
    for (const event of Object.keys(notificationEvents) as NotificationEvent[]) {
      const t = defaultTemplates.events[event];
      expect(t?.ask).toBeTruthy();
      for (const d of t?.deadlines ?? []) expect(defaultTemplates.deadlineLabels[d]).toBeTruthy();
    }
    expect(Object.keys(defaultTemplates.events).sort()).toEqual(Object.keys(notificationEvents).sort());
  });

  test('dispatch: ticket number, category, district and street, deadlines in Beijing time, the ask, the link', () => {
    const { subject, text } = renderNotification(req('dispatched'), catalog, settings, '江北区住房和城乡建设局');
    expect(subject).toBe('【12345热线】新工单派发 工单T-2026-000123');
    expect(text).toContain('江北区住房和城乡建设局：');
    expect(text).toContain('工单编号：T-2026-000123');
    expect(text).toContain('诉求类别：物业管理');
    expect(text).toContain('所在区域：江北区 滨江街道');
    expect(text).toContain('签收期限：2026-03-10 12:00（北京时间）');
    expect(text).toContain('答复期限：2026-03-13 24:00（北京时间）');
    expect(text).toContain('请于签收期限内签收');
    expect(text).toContain('诉求内容：小区电梯长期故障，物业不维修');
    expect(text).toContain('查看工单：https://hotline.example.gov.cn/api/v1/tickets/T-2026-000123');
    expect(text).not.toMatch(/\{\{|\n{3,}|[ \t]\n/);
  });

  test('escalation: the ladder measure in the subject and under its label; designation: its own deadline', () => {
    const e = renderNotification(req('escalation', { supervisors: true, detail: '书面催办：发送提示函' }), catalog, settings, '12345热线督办');
    expect(e.subject).toBe('【12345热线】超期督办：书面催办：发送提示函 工单T-2026-000123');
    expect(e.text).toContain('督办措施：书面催办：发送提示函');
    expect(e.text).toContain('答复期限：2026-03-13 24:00（北京时间）');
    const d = renderNotification(req('designation_overdue', { units: [], supervisors: true }), catalog, settings, '12345热线督办');
    expect(d.text).toContain('定责期限：2026-03-16 24:00（北京时间）');
    expect(d.text).not.toContain('答复期限');
  });

  test('a reviewer note with line breaks cannot break the subject; missing deadlines are left out', () => {
    const tpl: MailTemplates = {
      ...defaultTemplates,
      events: { ...defaultTemplates.events, reply_rejected: { ...defaultTemplates.events.reply_rejected, subject: '{{title}} {{detailText}}' } },
    };
    const r = renderNotification(req('reply_rejected', { detail: '依据不足\nBcc: evil@example.com' }), catalog, settings, 'x', tpl);
    expect(r.subject).toBe('答复被退回 依据不足 Bcc: evil@example.com');
    const bare = renderNotification({ ...req('urged'), ticket: { ...ticket, replyBy: undefined } }, catalog, {}, 'x');
    expect(bare.text).not.toContain('答复期限');
    expect(bare.text).toContain('查看工单：T-2026-000123'); // no public URL: the number alone
  });

  test('per-event subject and body overrides; rendering is pure', () => {
    const tpl: MailTemplates = {
      ...defaultTemplates,
      events: {
        ...defaultTemplates.events,
        urged: { ask: '快办', subject: '催办 {{ticket}} {{deadline}}', body: '{{unit}}请办理 {{ticket}}，期限 {{deadline}}。{{ask}}' },
      },
    };
    const r = renderNotification(req('urged'), catalog, settings, '某单位', tpl);
    expect(r).toEqual({
      subject: '催办 T-2026-000123 2026-03-13 24:00（北京时间）',
      text: '某单位请办理 T-2026-000123，期限 2026-03-13 24:00（北京时间）。快办\n',
    });
    expect(renderNotification(req('urged'), catalog, settings, '某单位', tpl)).toEqual(r);
  });

  test('beijingTime', () => {
    expect(beijingTime('2026-03-10T01:30:00Z')).toBe('2026-03-10 09:30');
    expect(beijingTime('2026-03-09T16:00:00Z')).toBe('2026-03-09 24:00'); // end of the day
    expect(beijingTime('2026-12-31T16:00:00Z')).toBe('2026-12-31 24:00');
    expect(beijingTime(undefined)).toBe('—');
    expect(beijingTime('nonsense')).toBe('—');
  });
});

describe('recipients and Message-IDs', () => {
  test('units from the catalog, once each; the desk when asked; unknown units reported', () => {
    const r = recipients({ units: ['LJ-WATER', 'LJ-JB-GOV', 'LJ-WATER', 'NOPE'], supervisors: true }, catalog, settings);
    expect(r.list.map((x) => [x.id, x.to])).toEqual([
      ['LJ-WATER', 'water@lj.example.gov.cn'],
      ['LJ-JB-GOV', 'jb-gov@lj.example.gov.cn'],
      ['supervision', 'duban@hotline.example'],
    ]);
    expect(r.unknown).toEqual(['NOPE']);
    expect(recipients({ units: ['LJ-WATER'] }, catalog, settings).list).toHaveLength(1);
  });

  test('derived from (ticket, event, key, recipient): stable, distinct, a valid msg-id', () => {
    const a = messageIdFor('T-1', 'reply_rejected', 'reject-2026-03-10T01:02:03.000Z', 'LJ-WATER', 'hotline.example');
    expect(a).toBe(messageIdFor('T-1', 'reply_rejected', 'reject-2026-03-10T01:02:03.000Z', 'LJ-WATER', 'hotline.example'));
    expect(a).toMatch(/^<[\w.-]+@hotline\.example>$/);
    expect(a).not.toBe(messageIdFor('T-1', 'reply_rejected', 'reject-2026-03-10T01:02:03.000Z', 'supervision', 'hotline.example'));
    expect(a).not.toBe(messageIdFor('T-1', 'reply_rejected', 'reject-2026-03-11T01:02:03.000Z', 'LJ-WATER', 'hotline.example'));
    expect(senderDomain('12345热线 <noreply@hotline.example>')).toBe('hotline.example');
    expect(senderDomain('nobody')).toBe('hotline-12345');
  });
});

describe('embedded default: no SMTP_URL → .eml files', () => {
  test('one file per Message-ID; a resend overwrites it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-mail-'));
    try {
      const transport = createTransport(undefined, dir);
      const messageId = messageIdFor('T-1', 'dispatched', 'dispatch-1', 'LJ-WATER');
      const mail = { from: settings.from, to: 'water@lj.example.gov.cn', subject: '【12345热线】新工单派发 工单T-1', text: '正文', messageId };
      await transport.sendMail(mail);
      await transport.sendMail(mail);
      const files = fs.readdirSync(dir);
      expect(files).toEqual(['T-1.dispatched.dispatch-1.LJ-WATER@hotline-12345.eml']);
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, files[0])));
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.messageId).toBe(messageId);
      expect(parsed.text?.trim()).toBe('正文');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('follow-up texts', () => {
  test('rating SMS: link, expiry in Beijing time, the handler (seed 001); reminders say so', () => {
    const v = {
      ticket: 'T-1',
      category: '物业管理',
      handler: { name: '李承办', phone: '0431-88886666' },
      link: 'https://h.example/rate/abc.def',
      expiresAt: Date.parse('2026-03-17T02:00:00Z'),
      reminder: false,
    };
    const first = renderRatingSms(v);
    expect(first).toContain('https://h.example/rate/abc.def');
    expect(first).toContain('有效期至03月17日 10:00');
    expect(first).toContain('承办人李承办，联系电话0431-88886666');
    expect(renderRatingSms({ ...v, reminder: true })).toMatch(/^【12345热线】提醒/);
    expect(renderRatingSms({ ...v, handler: undefined })).not.toContain('承办人');
  });

  test('voice script names the ticket, the category and the handler', () => {
    const s = renderVoiceScript({ ticket: 'T-1', category: '物业管理', handler: { name: '李承办', phone: '0431-88886666' } });
    expect(s).toContain('工单T-1');
    expect(s).toContain('物业管理');
    expect(s).toContain('承办人李承办');
  });
});
