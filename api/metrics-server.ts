// /metrics on a listener of its own, loopback unless HOTLINE_METRICS_HOST says otherwise: the
// figures (request rates, open tickets per status) are for the operators' Prometheus, not for the
// public the API port faces, and Prometheus scrapes best without a bearer token that expires
// (HOTLINE_JWT_MAX_LIFETIME_HOURS). docs/SECURITY.md, "Metrics".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { errorFields, log } from '../platform/log';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export function metricsListener(registry: Registry): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) =>
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        log('metrics').error(errorFields(err), 'metrics not collected');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics not collected\n');
      },
    );
  };
}

export async function startMetricsServer(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer(metricsListener(registry));
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { address, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
