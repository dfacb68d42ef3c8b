// 网上诉求: GET shows the form, POST (a plain form) opens a ticket on channel web through the same
// intake as POST /api/v1/tickets. Against abuse: a hidden honeypot field, and a limit per client
// address and hour. Citizens get HTML pages, never JSON errors.
import express, { ErrorRequestHandler, Router } from 'express';
import type { Actor } from '../../domain/ticket';
import type { AttachmentConfig } from '../../attachments/config';
import { checkSubmission, HONEYPOT, SubmitValues } from '../citizen/submit-form';
import { keepWebPhotos, readWebForm } from '../citizen/web-photos';
import { honeypotPage, submitFormPage, submittedPage, submitUnavailablePage, tooManySubmissionsPage } from '../citizen/submit-page';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { openTicket } from '../intake';
import { RateLimiter } from '../rate-limit';
import { send } from './rating';
import { errorFields, log } from '../../platform/log';

export const webIntakeActor: Actor = { id: 'citizen-web', name: '网上诉求', role: 'system' };

export function citizenSubmitRoutes(ctx: ApiContext, perHour: number, attachments?: AttachmentConfig): Router {
  const r = Router();
  const limiter = new RateLimiter(perHour, 3_600_000);

  r.get('/citizen/request', (_req, res) => send(res, submitFormPage(ctx.catalog())));

  r.post('/citizen/request', express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 }), async (req, res) => {
    try {
      if (!limiter.take(req.ip ?? 'unknown', ctx.now().getTime())) return send(res, tooManySubmissionsPage(perHour));
      const form = await readWebForm(req, attachments);
      const raw = form.fields;
      // A field people never see: whatever fills it is not a person.
      if (typeof raw[HONEYPOT] === 'string' && raw[HONEYPOT] !== '') return send(res, honeypotPage());
      const catalog = ctx.catalog();
      const checked = checkSubmission(raw, catalog);
      if (!checked.ok || form.refused) {
        const values = Object.fromEntries(
          ['requestType', 'category', 'area', 'address', 'description', 'name', 'phone'].map((k) => [
            k,
            typeof raw[k] === 'string' ? raw[k] : undefined,
          ]),
        ) as SubmitValues;
        const errors = { ...(checked.ok ? {} : checked.errors), ...(form.refused ? { photos: form.refused } : {}) };
        return send(res, submitFormPage(catalog, { values, errors }));
      }
      const opened = await openTicket(ctx, checked.intake, webIntakeActor);
      if (attachments && form.photos.length) await keepWebPhotos(ctx, attachments, opened.state.id, webIntakeActor, form.photos);
      send(res, submittedPage(opened.state.id));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) log('api').error(errorFields(err, true), 'web request page failed');
      send(res, submitUnavailablePage());
    }
  });

  const pageErrors: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    send(
      res,
      status < 500 ? { ...submitFormPage(ctx.catalog(), { errors: { description: '提交内容过长或格式有误。' } }), status } : submitUnavailablePage(),
    );
  };
  r.use('/citizen/request', pageErrors);
  return r;
}
