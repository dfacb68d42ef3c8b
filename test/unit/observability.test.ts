// The pure parts of metrics and logs: the request id taken or made, the route label, the Temporal
// header's request id, the log line's phone mask, the worker Runtime's telemetry options.
import express from 'express';
import request from 'supertest';
import { REQUEST_ID_PATTERN, requestId, requestIdFrom } from '../../api/request-id';
import { routeLabel } from '../../api/observe-requests';
import { announce, errorFields, logLevelOf, maskLine } from '../../platform/log';
import { workerMetricsAddress, workerRuntimeOptions } from '../../worker/telemetry';
import { REQUEST_ID_HEADER_KEY, requestIdOf, requestIdPayload } from '../../workflows/request-id';
import { captureLogs } from '../setup/log-capture';
import { log } from '../../platform/log';

describe('request id', () => {
  test.each(['0f8fe1c2-6a0e-4c5e-9d1e-0c7f3a8c1b2d', 'abc', 'nginx.1:2_3-4', 'x'.repeat(64)])('%s is taken as given', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });
  test.each([undefined, '', 'x'.repeat(65), 'two words', 'a\nb', '<script>', '张三', '13812345678\u0000'])(
    '%p is replaced by a new UUID',
    (header) => {
      const id = requestIdFrom(header);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(id).toMatch(REQUEST_ID_PATTERN);
      expect(requestIdFrom(header)).not.toBe(id);
    },
  );

  test('echoed in the answer and on every line logged while serving it, after awaits too', async () => {
    const logs = captureLogs('info');
    const app = express()
      .use(requestId)
      .get('/x', async (_req, res) => {
        await new Promise((r) => setTimeout(r, 5));
        log('api').warn('while serving');
        res.end();
      });
    const res = await request(app).get('/x').set('X-Request-Id', 'req-42');
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(logs.entries()).toEqual([expect.objectContaining({ msg: 'while serving', requestId: 'req-42' })]);
    log('api').warn('outside');
    expect(logs.entries()[1]).not.toHaveProperty('requestId');
  });

  test('in Temporal headers: read back when well-formed, ignored otherwise', () => {
    expect(requestIdOf({ [REQUEST_ID_HEADER_KEY]: requestIdPayload('req-1') })).toBe('req-1');
    expect(requestIdOf({ [REQUEST_ID_HEADER_KEY]: requestIdPayload('bad id') })).toBeUndefined();
    expect(
      requestIdOf({ [REQUEST_ID_HEADER_KEY]: { metadata: { encoding: Buffer.from('binary/encrypted') }, data: Buffer.from('x') } }),
    ).toBeUndefined();
    expect(requestIdOf({})).toBeUndefined();
    expect(requestIdOf(undefined)).toBeUndefined();
  });
});

describe('route label', () => {
  test('the matched pattern with its mount path, never the path', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/v1/tickets/:id' } } as never)).toBe('/api/v1/tickets/:id');
    expect(routeLabel({ baseUrl: '/codec', route: { path: '/decode' } } as never)).toBe('/codec/decode');
    expect(routeLabel({ baseUrl: '', route: { path: ['/a', '/b'] } } as never)).toBe('/a|/b');
    expect(routeLabel({ baseUrl: '/codec', route: { path: '/' } } as never)).toBe('/codec/');
    expect(routeLabel({ baseUrl: '', route: undefined } as never)).toBe('unmatched');
  });
});

describe('log lines', () => {
  test('phone numbers in any form the free-text reader knows are masked as the line is written', () => {
    for (const phone of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '0431-8888 6666', '(0431)88886666']) {
      expect(maskLine(`{"msg":"failed for ${phone}"}`)).toBe('{"msg":"failed for ***"}');
    }
    // Ticket ids, times and durations stay.
    const line = '{"time":"2026-12-03T15:44:33.858Z","ticket":"20261203-0131234","ms":1764776102123}';
    expect(maskLine(line)).toBe(line);
  });

  test('JSON with level, time, component and the request context; errors without their properties', () => {
    const logs = captureLogs('info');
    log('api').debug('not written');
    log('api').warn({ ...errorFields(Object.assign(new Error('boom'), { body: { phone: 'x' } })) }, 'failed for 13912345678');
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 'warn',
        component: 'api',
        msg: 'failed for ***',
        error: { type: 'Error', message: 'boom' },
        time: expect.any(String),
      }),
    ]);
    expect(logs.lines[0]).not.toContain('phone');
  });

  test('start-up lines are written whatever the level', () => {
    const logs = captureLogs('error');
    log('worker').info('not written');
    announce('worker', { taskQueue: 'hotline' }, 'polling task queue "hotline" on local dev server');
    expect(logs.entries()).toEqual([
      expect.objectContaining({ level: 'info', component: 'worker', taskQueue: 'hotline', msg: 'polling task queue "hotline" on local dev server' }),
    ]);
  });

  test('HOTLINE_LOG_LEVEL as the SDK spells it', () => {
    expect(logLevelOf('WARN')).toBe('warn');
    expect(logLevelOf(undefined)).toBe('info');
    expect(logLevelOf('LOUD')).toBe('info');
  });
});

describe('worker Runtime telemetry', () => {
  test('Core metrics only with a port, on loopback unless the host is set', () => {
    expect(workerMetricsAddress({ HOTLINE_METRICS_HOST: '127.0.0.1', HOTLINE_WORKER_METRICS_PORT: undefined })).toBeUndefined();
    expect(workerMetricsAddress({ HOTLINE_METRICS_HOST: '127.0.0.1', HOTLINE_WORKER_METRICS_PORT: 9465 })).toBe('127.0.0.1:9465');
    expect(workerMetricsAddress({ HOTLINE_METRICS_HOST: '::1', HOTLINE_WORKER_METRICS_PORT: 9465 })).toBe('[::1]:9465');
    const on = workerRuntimeOptions({ HOTLINE_LOG_LEVEL: 'INFO', HOTLINE_METRICS_HOST: '0.0.0.0', HOTLINE_WORKER_METRICS_PORT: 9465 });
    expect(on.telemetryOptions?.metrics).toEqual({
      prometheus: { bindAddress: '0.0.0.0:9465', useSecondsForDurations: true, unitSuffix: true, countersTotalSuffix: true },
    });
    const off = workerRuntimeOptions({ HOTLINE_LOG_LEVEL: 'INFO', HOTLINE_METRICS_HOST: '127.0.0.1', HOTLINE_WORKER_METRICS_PORT: undefined });
    expect(off.telemetryOptions?.metrics).toBeUndefined();
  });

  test("the SDK's log entries become structured lines with the SDK's fields", () => {
    const logs = captureLogs('debug');
    const logger = workerRuntimeOptions({ HOTLINE_LOG_LEVEL: 'DEBUG', HOTLINE_METRICS_HOST: '127.0.0.1' }).logger!;
    logger.info('update received', { workflowId: 'T-1', requestId: 'req-1', sdkComponent: 'workflow' });
    logger.warn('activity failed', { error: Object.assign(new Error('no route'), { details: 'x' }) });
    logger.trace('below the level');
    expect(logs.entries()).toEqual([
      expect.objectContaining({ component: 'temporal', level: 'info', msg: 'update received', workflowId: 'T-1', requestId: 'req-1' }),
      expect.objectContaining({ component: 'temporal', level: 'warn', msg: 'activity failed', error: { type: 'Error', message: 'no route' } }),
    ]);
  });
});
