// Activity factory: clients come in from outside (mailer, catalog, HTTP settings), so tests pass
// real ones (an SMTP server on loopback, a fake voice provider on loopback).
import type { Transporter } from 'nodemailer';
import type { Catalog } from '../domain/catalog';
import type { FollowUpCallRequest, FollowUpCallResult, NotifyRequest, TicketActivities } from './contract';
import { MailSettings, messageIdFor, recipients, renderNotification } from './mail';

export interface ActivityDeps {
  mailer: Transporter;
  catalog: () => Catalog;
  mail: MailSettings;
  followUp: { provider: 'voice' | 'link' | 'manual'; voiceUrl?: string; callbackUrl?: string };
}

export function createActivities(deps: ActivityDeps): TicketActivities {
  return {
    async notifyUnits(req: NotifyRequest) {
      const catalog = deps.catalog();
      const messageIds: string[] = [];
      for (const r of recipients(req, catalog, deps.mail)) {
        // One message per recipient, so one unit's bad address cannot hold up another's mail.
        const messageId = messageIdFor(req.ticket.id, `${req.key}.${r.to.split('@')[0]}`);
        const { subject, text } = renderNotification(req, catalog, deps.mail, r.name);
        await deps.mailer.sendMail({ from: deps.mail.from, to: r.to, subject, text, messageId });
        messageIds.push(messageId);
      }
      return { messageIds };
    },

    async placeFollowUpCall(req: FollowUpCallRequest): Promise<FollowUpCallResult> {
      const { provider, voiceUrl, callbackUrl } = deps.followUp;
      if (provider !== 'voice' || !voiceUrl) return { outcome: 'queued_manual' };
      const res = await fetch(voiceUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ticket: req.ticket.id,
          attempt: req.attempt,
          callees: req.requesters.filter((r) => r.phone).map((r) => ({ requester: r.index, phone: r.phone })),
          handler: req.handler,
          callbackUrl,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`voice provider answered ${res.status}`);
      return { outcome: 'placed' };
    },
  };
}
