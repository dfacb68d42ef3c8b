// Notification mail: who gets it, what it says (templates are data), and a Message-ID derived from
// (ticket, event) so a retried activity sends the very same message again.
import fs from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { Catalog } from '../domain/catalog';
import { findCategory, findDistrict, findUnit } from '../domain/catalog';
import { notificationEvents } from '../domain/ticket/effects';
import type { NotifyRequest } from './contract';
import templates from '../data/mail-templates.zh-CN.json';

export interface MailSettings {
  from: string;
  supervisionEmail: string;
  publicUrl?: string;
}

export function messageIdFor(ticketId: string, key: string): string {
  return `<${ticketId}.${key}@hotline-12345>`.replace(/[^<>@\w.\-]/g, '_');
}

export function beijingTime(iso: string | undefined): string {
  if (!iso) return '—';
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? '');

export function renderNotification(req: NotifyRequest, catalog: Catalog, settings: MailSettings, unitName: string) {
  const t = req.ticket;
  const deadline =
    req.event === 'sign_overdue' || req.event === 'dispatched' || req.event === 'direct_dispatched'
      ? t.signBy ?? t.replyBy
      : req.event === 'designation_overdue'
        ? t.designateBy
        : t.replyBy;
  const vars = {
    title: notificationEvents[req.event],
    ticket: t.id,
    unit: unitName,
    category: findCategory(catalog, t.category)?.name ?? t.category,
    district: findDistrict(catalog, t.district)?.name ?? t.district,
    deadline: beijingTime(deadline),
    ask: (templates.asks as Record<string, string>)[req.event] ?? '',
    detail: req.detail ?? '',
    link: settings.publicUrl ? `${settings.publicUrl.replace(/\/$/, '')}/api/v1/tickets/${t.id}` : t.id,
  };
  return { subject: fill(templates.default.subject, vars), text: fill(templates.default.body, vars).replace(/\n{3,}/g, '\n\n') };
}

/** Recipients: each unit's catalog address, plus the supervision desk when asked. */
export function recipients(req: NotifyRequest, catalog: Catalog, settings: MailSettings): { to: string; name: string }[] {
  const list = req.units.map((code) => {
    const unit = findUnit(catalog, code);
    if (!unit) throw new Error(`unit ${code} is not in the catalog`);
    return { to: unit.email, name: unit.name };
  });
  if (req.supervisors) list.push({ to: settings.supervisionEmail, name: '12345热线督办' });
  return list;
}

/** SMTP when configured; otherwise each message is written as an .eml file into a folder. */
export function createTransport(smtpUrl: string | undefined, mailDir: string): Transporter {
  if (smtpUrl) return nodemailer.createTransport(smtpUrl);
  fs.mkdirSync(mailDir, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const send = transport.sendMail.bind(transport);
  (transport as { sendMail: unknown }).sendMail = async (mail: nodemailer.SendMailOptions) => {
    const info = await send(mail);
    const id = String(mail.messageId ?? info.messageId).replace(/[<>]/g, '');
    fs.writeFileSync(path.join(mailDir, `${id}.eml`), info.message as Buffer);
    return info;
  };
  return transport;
}
