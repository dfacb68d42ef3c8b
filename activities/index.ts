// Activity factory: clients come in from outside (mailer, catalog, SMS gateway, HTTP settings), so
// tests pass real ones (an SMTP server on loopback, a fake voice provider on loopback).
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Catalog } from '../domain/catalog';
import { checkActionRefs } from '../domain/ticket/refs';
import { projectRoot } from '../platform/paths';
import type { FollowUpCallRequest, FollowUpCallResult, NotifyRequest, NotifyResult, TicketActivities } from './contract';
import { FollowUpSettings, placeFollowUp } from './follow-up/providers';
import { createSmsGateway, SmsGateway } from './follow-up/sms';
import { ActivityLogger, activityLogger, processLogger } from './log';
import { MailSettings, MailTemplates, sendNotification } from './mail';

export interface ActivityDeps {
  mailer: Transporter;
  catalog: () => Catalog;
  mail: MailSettings;
  followUp: FollowUpSettings;
  /** Text messages to citizens (link provider). Default: files in `<dataDir>/sms`. */
  sms?: SmsGateway;
  /** Where the default SMS folder lives (HOTLINE_DATA_DIR). Default: `<project>/.data`. */
  dataDir?: string;
  /** Used outside an activity context (direct calls); inside one, the SDK's activity logger. */
  logger?: ActivityLogger;
  /** Mail wording; default data/mail-templates.zh-CN.json. */
  templates?: MailTemplates;
  /** Clock for rating-link expiry outside an activity context (tests). */
  now?: () => number;
}

export function createActivities(deps: ActivityDeps): TicketActivities {
  const fallbackLog = deps.logger ?? processLogger;
  let sms = deps.sms;
  const smsGateway = () => (sms ??= createSmsGateway({ dataDir: deps.dataDir ?? path.join(projectRoot, '.data'), log: fallbackLog }));

  return {
    async notifyUnits(req: NotifyRequest): Promise<NotifyResult> {
      return sendNotification(req, {
        mailer: deps.mailer,
        catalog: deps.catalog(),
        settings: deps.mail,
        templates: deps.templates,
        log: activityLogger(fallbackLog),
      });
    },

    async placeFollowUpCall(req: FollowUpCallRequest): Promise<FollowUpCallResult> {
      return placeFollowUp(req, {
        settings: { ...deps.followUp, publicUrl: deps.followUp.publicUrl ?? deps.mail.publicUrl },
        catalog: deps.catalog,
        sms: smsGateway,
        log: activityLogger(fallbackLog),
        now: deps.now,
      });
    },

    async checkActionRefs({ action, input }) {
      return checkActionRefs(deps.catalog(), action, input);
    },
  };
}
