// Notification mail. Who receives what is decided by the ticket core's effects
// (domain/ticket/effects.ts); here: the addresses (the catalog's unit mail, the supervision desk),
// the wording (templates are data: data/mail-templates.zh-CN.json, rendered by a pure function),
// a Message-ID derived from (ticket, event, key, recipient) so a retried activity sends the very same
// message again, and the transport (SMTP, or .eml files in a folder when no SMTP_URL is set).
import { beijingWallClock } from '../domain/calendar';
import path from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { Catalog } from '../domain/catalog';
import { findCategory, findDistrict, findStreet, findUnit } from '../domain/catalog';
import { NotificationEvent, notificationEvents } from '../domain/ticket/effects';
import type { NotifyRequest, NotifyResult, TicketSummary } from './contract';
import type { ActivityLogger } from './log';
import templatesJson from '../data/mail-templates.zh-CN.json';
import { privateDir, writePrivateFile } from '../platform/private-files';
import { maskPhonesInText } from '../domain/phone-text';

export interface MailSettings {
  from: string;
  /** The hotline's supervision desk (督办), copied when an effect asks for supervisors. */
  supervisionEmail: string;
  /** The hotline's dispatch desk (派单组), told when a ticket waits past its dispatch deadline; the supervision desk without it. */
  dispatchEmail?: string;
  /** Base of the ticket link in the mail (HOTLINE_PUBLIC_URL). */
  publicUrl?: string;
}

export type DeadlineField = 'dispatchBy' | 'signBy' | 'replyBy' | 'firstContactBy' | 'designateBy' | 'extensionUntil';

export interface EventTemplate {
  /** What the recipient is asked to do. */
  ask?: string;
  /** Deadlines shown, fields of the ticket summary; the first present one is {{deadline}}. */
  deadlines?: DeadlineField[];
  /** Label in front of the event's wording ({{detail}}), e.g. 督办措施. */
  detailLabel?: string;
  /** Per-event overrides of the default subject and body. */
  subject?: string;
  body?: string;
}

export interface MailTemplates {
  link: string;
  deadlineLabels: Record<DeadlineField, string>;
  default: { subject: string; body: string };
  events: Partial<Record<NotificationEvent, EventTemplate>>;
}

export const defaultTemplates: MailTemplates = templatesJson as unknown as MailTemplates;

export interface Recipient {
  /** Unit code, or 'supervision' for the desk: the stable part of the Message-ID. */
  id: string;
  to: string;
  name: string;
}

export const SUPERVISION_RECIPIENT = 'supervision';
export const DISPATCH_DESK_RECIPIENT = 'dispatch-desk';

/**
 * `<ticket.event.key.recipient@domain>`: the same inputs always give the same id, so a retry resends
 * the same message (receiving systems that dedupe by Message-ID show it once).
 */
export function messageIdFor(ticketId: string, event: string, key: string, recipient: string, domain = 'hotline-12345'): string {
  const local = [ticketId, event, key, recipient]
    .join('.')
    .replace(/[^\w.-]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  return `<${local}@${domain.replace(/[^\w.-]/g, '_')}>`;
}

/** The domain of the sender address, for Message-IDs ("12345热线 <noreply@x.gov.cn>" → x.gov.cn). */
export function senderDomain(from: string): string {
  const m = /@([\w.-]+)>?\s*$/.exec(from);
  return m ? m[1] : 'hotline-12345';
}

/**
 * A deadline as Beijing wall-clock time, `YYYY-MM-DD HH:mm`. Midnight is written as 24:00 of the
 * day before: a deadline "by the end of 3 March" reads 2026-03-03 24:00, not 2026-03-04 00:00.
 */
export function beijingTime(iso: string | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '—';
  const ms = Date.parse(iso);
  const t = beijingWallClock(ms);
  if (t.slice(11, 16) === '00:00') return `${beijingWallClock(ms - 1).slice(0, 10)} 24:00`;
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export interface RenderedMail {
  subject: string;
  text: string;
}

/** Subject and body of one notification for one recipient. Pure: same inputs, same text. */
export function renderNotification(
  req: NotifyRequest,
  catalog: Catalog,
  settings: Pick<MailSettings, 'publicUrl'>,
  recipientName: string,
  templates: MailTemplates = defaultTemplates,
): RenderedMail {
  const t: TicketSummary = req.ticket;
  const ev: EventTemplate = templates.events[req.event] ?? {};
  const fields = ev.deadlines ?? ['replyBy'];
  const present = fields.filter((f) => t[f]);
  const deadlineLines = present.map((f) => `${templates.deadlineLabels[f] ?? f}：${beijingTime(t[f])}（北京时间）`);
  const district = findDistrict(catalog, t.district)?.name ?? t.district;
  const street = t.street ? (findStreet(catalog, t.street)?.street.name ?? t.street) : '';
  const detailText = req.detail ? oneLine(req.detail) : '';
  const publicUrl = (settings.publicUrl ?? '').replace(/\/$/, '');
  const vars: Record<string, string> = {
    title: notificationEvents[req.event] ?? req.event,
    ticket: t.id,
    unit: recipientName,
    category: findCategory(catalog, t.category)?.name ?? t.category,
    district: street ? `${district} ${street}` : district,
    deadlines: deadlineLines.join('\n'),
    deadline: present.length ? `${beijingTime(t[present[0]])}（北京时间）` : '—',
    ask: ev.ask ?? '',
    // Mail leaves our hands (relays, mailboxes, forwards): no full phone number in it.
    detail: req.detail ? `${ev.detailLabel ?? '说明'}：${maskPhonesInText(req.detail.trim())}` : '',
    detailText: maskPhonesInText(detailText),
    description: clip(maskPhonesInText(t.description.trim()), 500),
    publicUrl,
    link: publicUrl ? fill(templates.link, { publicUrl, ticket: encodeURIComponent(t.id) }) : t.id,
  };
  const subject = clip(oneLine(fill(ev.subject ?? templates.default.subject, vars)), 200);
  const text = fill(ev.body ?? templates.default.body, vars)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject, text: `${text}\n` };
}

/** Recipients: each unit's catalog address (once), plus the supervision and dispatch desks when asked. */
export function recipients(
  req: Pick<NotifyRequest, 'units' | 'supervisors' | 'dispatchDesk'>,
  catalog: Catalog,
  settings: Pick<MailSettings, 'supervisionEmail' | 'dispatchEmail'>,
): { list: Recipient[]; unknown: string[] } {
  const list: Recipient[] = [];
  const unknown: string[] = [];
  for (const code of new Set(req.units)) {
    const unit = findUnit(catalog, code);
    if (unit) list.push({ id: unit.code, to: unit.email, name: unit.name });
    else unknown.push(code);
  }
  if (req.supervisors && !list.some((r) => r.to.toLowerCase() === settings.supervisionEmail.toLowerCase())) {
    list.push({ id: SUPERVISION_RECIPIENT, to: settings.supervisionEmail, name: '12345热线督办' });
  }
  const desk = settings.dispatchEmail ?? settings.supervisionEmail;
  if (req.dispatchDesk && !list.some((r) => r.to.toLowerCase() === desk.toLowerCase())) {
    list.push({ id: DISPATCH_DESK_RECIPIENT, to: desk, name: '12345热线派单组' });
  }
  return { list, unknown };
}

/** An SMTP refusal of the recipient itself (5xx to RCPT TO): retrying would not change it. */
export function permanentRecipientFailure(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return e?.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
}

export interface SendDeps {
  mailer: Transporter;
  catalog: Catalog;
  settings: MailSettings;
  templates?: MailTemplates;
  log: ActivityLogger;
}

/**
 * Sends one message per recipient, so one unit's bad address cannot hold up another's mail.
 * A transient failure (server down, 4xx) throws at once and the activity is retried; the
 * Message-IDs stay the same. A recipient the server refuses for good (5xx) and a unit missing from
 * the catalog are logged and reported in `rejected`, not retried for ever.
 */
export async function sendNotification(req: NotifyRequest, d: SendDeps): Promise<NotifyResult> {
  const { list, unknown } = recipients(req, d.catalog, d.settings);
  const rejected: NonNullable<NotifyResult['rejected']> = unknown.map((u) => ({ recipient: u, reason: 'unit not in the catalog' }));
  const messageIds: string[] = [];
  const domain = senderDomain(d.settings.from);
  for (const r of list) {
    const messageId = messageIdFor(req.ticket.id, req.event, req.key, r.id, domain);
    const { subject, text } = renderNotification(req, d.catalog, d.settings, r.name, d.templates);
    try {
      await d.mailer.sendMail({
        from: d.settings.from,
        to: { name: r.name, address: r.to },
        subject,
        text,
        messageId,
        headers: { 'X-Hotline-Ticket': req.ticket.id, 'X-Hotline-Event': req.event },
      });
      messageIds.push(messageId);
    } catch (err) {
      if (!permanentRecipientFailure(err)) throw err;
      rejected.push({ recipient: r.id, reason: String((err as Error).message).slice(0, 200) });
    }
  }
  if (rejected.length) {
    d.log.warn('notification not deliverable to some recipients', { ticket: req.ticket.id, event: req.event, rejected });
  }
  return rejected.length ? { messageIds, rejected } : { messageIds };
}

/** SMTP when configured; otherwise each message is written as `<Message-ID>.eml` into a folder. */
export function createTransport(smtpUrl: string | undefined, mailDir: string): Transporter {
  if (smtpUrl) return nodemailer.createTransport(smtpUrl);
  privateDir(mailDir);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const send = transport.sendMail.bind(transport);
  (transport as { sendMail: unknown }).sendMail = async (mail: SendMailOptions) => {
    const info = await send(mail);
    // One file per Message-ID: a retried send overwrites its own file instead of adding another.
    const id = String(mail.messageId ?? info.messageId)
      .replace(/[<>]/g, '')
      .replace(/[^\w.@-]/g, '_');
    writePrivateFile(path.join(mailDir, `${id}.eml`), info.message as Buffer);
    return info;
  };
  return transport;
}
