// GET discovery: the one endpoint of this server, in the spec's service discovery form.
import { Router } from 'express';
import { formatParam, send } from './respond';

/** When the endpoint last changed in a way clients should notice. */
export const CHANGESET = '2026-12-03T00:00:00Z';
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export function discoveryRoutes(publicUrl: string | undefined): Router {
  const r = Router();
  r.get('/open311/v2/discovery.:format', (req, res) => {
    const base = publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
    send(res, formatParam(req), 'discovery', {
      changeset: CHANGESET,
      contact: '12345 政务服务便民热线（拨打 12345）',
      key_service: '提交诉求需要 api_key：由热线管理员为每个接入系统签发',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${base}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });
  return r;
}
