// Every error the API answers, with its code and message: 400 (malformed JSON, invalid body or
// query, unknown catalog codes), 401, 403, 404, 409 (status conflicts from the workflow
// validator, ended tickets, merge targets), 415, and 503 when Temporal cannot be reached.
import http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { SignJWT } from 'jose';
import { createApp } from '../../api/app';
import { freePort } from '../../platform/dev-server';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules } from '../../domain/ticket';
import { apiHarness, ApiHarness, intakeBody, TEST_JWT_SECRET, tokenFor, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const operator: Who = { role: 'operator' };
const dispatcher: Who = { role: 'dispatcher' };
const handler: Who = { role: 'handler', unit: LEAD };

describe('API: errors', () => {
  let api: ApiHarness;
  let registered: string;
  beforeAll(async () => {
    api = await apiHarness('errors');
    registered = (
      await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer(operator))
        .send(intakeBody())
    ).body.id;
  });
  afterAll(() => api?.close());

  const post = async (path: string, who: Who | undefined, body: unknown) => {
    const req = api.http().post(path);
    if (who) req.set('Authorization', await api.bearer(who));
    return req.send(body as object);
  };
  const history = async (id: string) =>
    (
      await api
        .http()
        .get(`/api/v1/tickets/${id}`)
        .set('Authorization', await api.bearer(operator))
    ).body.history.length;
  const expectError = (res: request.Response, status: number, code: string, message?: string | RegExp) => {
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    if (message) expect(res.body.error.message).toMatch(message);
  };

  describe('400', () => {
    test('malformed JSON', async () => {
      const res = await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer(operator))
        .set('Content-Type', 'application/json')
        .send('{"channel": "phone",');
      expectError(res, 400, 'invalid_json', /JSON/);
    });

    test('an invalid intake names each field and why', async () => {
      const res = await post('/api/v1/tickets', operator, {
        channel: 'fax',
        citizen: { phone: 'abc' },
        category: 'PROPERTY_MANAGEMENT',
        location: {},
      });
      expectError(res, 400, 'validation_failed');
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['channel', 'requestType', 'citizen.phone', 'description', 'location.district']));
      expect(res.body.error.details.find((d: { path: string }) => d.path === 'citizen.phone').message).toBe('expected a phone number');
      expect(res.body.error.message).toContain('channel');
    });

    test('intake codes must be in the catalog, the street in its district', async () => {
      const res = await post('/api/v1/tickets', operator, intakeBody({ category: 'NOPE', location: { district: 'JN', street: 'JB-BJ' } }));
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details).toEqual([
        { path: 'category', message: expect.stringContaining('NOPE') },
        { path: 'location.street', message: expect.stringContaining('JB-BJ') },
      ]);
      const district = await post('/api/v1/tickets', operator, intakeBody({ location: { district: 'XX' } }));
      expect(district.body.error.details).toEqual([{ path: 'location.district', message: expect.stringContaining('XX') }]);
    });

    test('an invalid action body names each field', async () => {
      const res = await post(`/api/v1/tickets/${registered}/actions/dispatch`, dispatcher, { coUnits: 'LJ-ECO' });
      expectError(res, 400, 'validation_failed', /派单/);
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['coUnits', 'unit']);
    });

    test('unit codes, out-of-scope situations and transfer cities must be in the catalog', async () => {
      const before = await history(registered);
      const dispatch = await post(`/api/v1/tickets/${registered}/actions/dispatch`, dispatcher, {
        unit: 'LJ-NOWHERE',
        coUnits: ['LJ-ECO', 'LJ-GHOST'],
      });
      expectError(dispatch, 400, 'validation_failed');
      expect(dispatch.body.error.details.map((d: { path: string }) => d.path)).toEqual(['unit', 'coUnits[1]']);
      const oos = await post(`/api/v1/tickets/${registered}/actions/out-of-scope`, operator, { situation: 'OOS-NOPE', explanation: '不属于' });
      expect(oos.body.error.details).toEqual([{ path: 'situation', message: expect.stringContaining('OOS-NOPE') }]);
      const out = await post(`/api/v1/tickets/${registered}/actions/transfer-out`, operator, { city: 'ATLANTIS' });
      expect(out.body.error.details).toEqual([{ path: 'city', message: expect.stringContaining('ATLANTIS') }]);
      expect(await history(registered)).toBe(before);
    });

    test('an invalid list query', async () => {
      const res = await api
        .http()
        .get('/api/v1/tickets?status=lost&pageSize=1000&overdue=maybe')
        .set('Authorization', await api.bearer(operator));
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['overdue', 'pageSize', 'status']);
    });

    test('an invalid Idempotency-Key', async () => {
      const res = await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer(operator))
        .set('Idempotency-Key', 'has space')
        .send(intakeBody());
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details[0].path).toBe('idempotency-key');
    });
  });

  describe('401', () => {
    test('no token, not a bearer token, a bad signature, expired, missing claims', async () => {
      expectError(await api.http().get('/api/v1/catalog'), 401, 'unauthorized', /Authorization/);
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', 'Basic abc'), 401, 'unauthorized', /Bearer/);
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', 'Bearer not.a.jwt'), 401, 'unauthorized');
      const key = (s: string) => new TextEncoder().encode(s);
      const forged = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .sign(key('another-secret-of-32-characters!!'));
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', `Bearer ${forged}`), 401, 'unauthorized', /签名/);
      const expired = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key(TEST_JWT_SECRET));
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', `Bearer ${expired}`), 401, 'unauthorized', /过期/);
      // With an exp: a token without one is refused for that first.
      const noUnit = await new SignJWT({ role: 'handler' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key(TEST_JWT_SECRET));
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', `Bearer ${noUnit}`), 401, 'unauthorized', /unit/);
      const badRole = await new SignJWT({ role: 'mayor' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(key(TEST_JWT_SECRET));
      expectError(await api.http().get('/api/v1/catalog').set('Authorization', `Bearer ${badRole}`), 401, 'unauthorized', /role/);
      const res = await api.http().get('/api/v1/tickets');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });
  });

  describe('403', () => {
    test('a role the table does not allow, a unit that is not the lead, intake by a non-operator', async () => {
      expectError(await post(`/api/v1/tickets/${registered}/actions/dispatch`, handler, { unit: LEAD }), 403, 'forbidden', /handler/);
      expectError(await post('/api/v1/tickets', dispatcher, intakeBody()), 403, 'forbidden', /受理/);
      const id = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      await post(`/api/v1/tickets/${id}/actions/dispatch`, dispatcher, { unit: LEAD });
      const before = await history(id);
      // A unit not on the ticket may not see it at all: 404, as for a ticket that does not exist (issue 24).
      expectError(await post(`/api/v1/tickets/${id}/actions/sign`, { role: 'handler', unit: 'LJ-ECO' }, {}), 404, 'not_found');
      expect(await history(id)).toBe(before);
    });
  });

  describe('404', () => {
    test('a unit not on the ticket learns nothing of it: live or ended, whatever the body, in the words of a ticket that does not exist', async () => {
      const live = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      await post(`/api/v1/tickets/${live}/actions/dispatch`, dispatcher, { unit: LEAD });
      const ended = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      await post(`/api/v1/tickets/${ended}/actions/answer`, operator, { answer: '已答复' });
      const stranger = { role: 'handler', unit: 'LJ-ECO' } as const;
      const before = await history(live);
      for (const [id, action, body] of [
        [live, 'sign', {}],
        [live, 'contact', { stage: 'first', method: 'phone' }],
        [live, 'contact', { stage: 'nowhere' }],
        [ended, 'contact', { stage: 'first', method: 'phone' }],
        [ended, 'contact', {}],
        ['20990101-0000000', 'contact', { stage: 'first', method: 'phone' }],
      ] as const) {
        const res = await post(`/api/v1/tickets/${id}/actions/${action}`, stranger, body);
        expect({ id, action, status: res.status, body: res.body }).toEqual({
          id,
          action,
          status: 404,
          body: { error: { code: 'not_found', message: `工单 ${id} 不存在` } },
        });
      }
      expect(await history(live)).toBe(before);
    });

    test('unknown ticket, unknown action, unknown merge target, unknown route', async () => {
      expectError(
        await api
          .http()
          .get('/api/v1/tickets/20990101-0000000')
          .set('Authorization', await api.bearer(operator)),
        404,
        'not_found',
        /20990101-0000000/,
      );
      expectError(await post('/api/v1/tickets/20990101-0000000/actions/note', operator, { note: 'x' }), 404, 'not_found', /不存在/);
      expectError(await post(`/api/v1/tickets/${registered}/actions/teleport`, operator, {}), 404, 'not_found', /teleport/);
      expectError(await post(`/api/v1/tickets/${registered}/actions/merge`, operator, { into: '20990101-0000001' }), 404, 'not_found', /into/);
      expectError(
        await api
          .http()
          .get('/api/v1/nothing')
          .set('Authorization', await api.bearer(operator)),
        404,
        'not_found',
      );
      expectError(await api.http().get('/nothing'), 404, 'not_found');
    });
  });

  describe('409', () => {
    test('an action in the wrong status: the validator’s reason with the status, and the ticket unchanged', async () => {
      const before = await history(registered);
      const res = await post(`/api/v1/tickets/${registered}/actions/approve-reply`, admin(), {});
      expectError(res, 409, 'conflict');
      expect(res.body.error.message).toContain('registered');
      expect(res.body.error.message).toContain('审签');
      expect(res.body.error.details).toEqual({ status: 'registered', statusLabel: '已登记待派单' });
      // A rule without a status in its words still says the status.
      const id = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      await post(`/api/v1/tickets/${id}/actions/dispatch`, dispatcher, { unit: LEAD });
      await post(`/api/v1/tickets/${id}/actions/sign`, handler, {});
      const reply = await post(`/api/v1/tickets/${id}/actions/contact`, handler, { stage: 'final', method: 'phone' });
      expectError(reply, 409, 'conflict', /首次联系/);
      expect(reply.body.error.message).toContain('handling');
      expect(await history(registered)).toBe(before);
    });

    test('merge into an ended ticket; any action on an ended ticket', async () => {
      const ended = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      await post(`/api/v1/tickets/${ended}/actions/answer`, operator, { answer: '已答复' });
      expectError(await post(`/api/v1/tickets/${registered}/actions/merge`, operator, { into: ended }), 409, 'conflict', /已结束/);
      expectError(await post(`/api/v1/tickets/${ended}/actions/dispatch`, dispatcher, { unit: LEAD }), 409, 'conflict', /answered/);
    });

    test('merge into an open ticket works and moves the requesters', async () => {
      const target = (await post('/api/v1/tickets', operator, intakeBody())).body.id;
      const source = (await post('/api/v1/tickets', operator, intakeBody({ channel: 'wechat' }))).body.id;
      const merged = await post(`/api/v1/tickets/${source}/actions/merge`, operator, { into: target });
      expect([merged.status, merged.body.status]).toEqual([200, 'merged']);
      const t = await api
        .http()
        .get(`/api/v1/tickets/${target}`)
        .set('Authorization', await api.bearer(operator));
      expect(t.body.requesters.map((r: { fromTicket?: string }) => r.fromTicket)).toEqual([undefined, source]);
    });
  });

  test('415: a body that is not JSON', async () => {
    const res = await api
      .http()
      .post(`/api/v1/tickets/${registered}/actions/note`)
      .set('Authorization', await api.bearer(operator))
      .set('Content-Type', 'text/plain')
      .send('hello');
    expectError(res, 415, 'unsupported_media_type', /application\/json/);
  });

  test('503: Temporal unreachable — readiness, reads, actions, intake', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const app = createApp({
      client: new Client({ connection }),
      namespace: 'default',
      taskQueue: 'nowhere',
      catalog: () => loadCatalog(),
      auth: { secret: TEST_JWT_SECRET },
      rules: () => defaultRules,
      calendar: loadCalendar(),
      temporalTimeoutMs: 500,
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    try {
      const auth = `Bearer ${await tokenFor(operator)}`;
      expect((await request(server).get('/healthz')).status).toBe(200);
      expectError(await request(server).get('/readyz'), 503, 'temporal_unavailable', /Temporal/);
      expectError(await request(server).get('/api/v1/tickets/20990101-0000000').set('Authorization', auth), 503, 'temporal_unavailable');
      expectError(await request(server).get('/api/v1/tickets').set('Authorization', auth), 503, 'temporal_unavailable');
      expectError(await request(server).post('/api/v1/tickets').set('Authorization', auth).send(intakeBody()), 503, 'temporal_unavailable');
      expectError(
        await request(server).post('/api/v1/tickets/20990101-0000000/actions/note').set('Authorization', auth).send({ note: 'x' }),
        503,
        'temporal_unavailable',
      );
      // What the client should do, never the internals (gRPC status, address, Node's error text).
      const down = await request(server).get('/api/v1/tickets').set('Authorization', auth);
      expect(down.body.error.message).not.toMatch(/UNAVAILABLE|DEADLINE|CANCELLED|127\.0\.0\.1|ECONNREFUSED|connect|grpc/i);
      expect((await request(server).get('/readyz')).body.error.message).toBe('Temporal 不可达或无响应，请稍后重试');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await connection.close();
    }
  });
});

const admin = (): Who => ({ role: 'admin' });
