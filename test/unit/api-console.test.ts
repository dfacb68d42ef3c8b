// The console's routes without Temporal: its page under /console/, the development login (only
// when the API runs on the development secret), and the Chinese labels /openapi.json gives its forms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createVerifier } from '../../api/auth';
import { buildOpenApiDocument } from '../../api/openapi';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules } from '../../domain/ticket';

const SECRET = 'unit-test-secret-for-the-console-0123';
const connection = Connection.lazy({ address: '127.0.0.1:1' });
afterAll(() => connection.close());

const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-console-'));
fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>控制台</title>');
fs.mkdirSync(path.join(consoleDir, 'assets'));
fs.writeFileSync(path.join(consoleDir, 'assets', 'main-abc123.js'), 'console.log(1)');
afterAll(() => fs.rmSync(consoleDir, { recursive: true, force: true }));

const app = (options: { dev?: boolean; dir?: string; oidc?: boolean } = {}) =>
  createApp({
    client: new Client({ connection }),
    namespace: 'default',
    taskQueue: 'unused',
    catalog: () => loadCatalog(),
    auth: { secret: SECRET },
    rules: () => defaultRules,
    calendar: loadCalendar(),
    consoleDir: options.dir,
    devLoginSecret: options.dev ? SECRET : undefined,
    ...(options.oidc ? { oidc: { issuer: 'https://sso.example.gov.cn', clientId: 'hotline-console', scopes: 'openid profile hotline' } } : {}),
  });

describe('the console page', () => {
  test('served under /console/ (index never cached, hashed assets for good); / and /console lead there', async () => {
    const a = app({ dir: consoleDir });
    const page = await request(a).get('/console/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('控制台');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    const asset = await request(a).get('/console/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await request(a).get('/console/assets/nothing.js')).status).toBe(404);
    expect(await request(a).get('/')).toMatchObject({ status: 302, headers: { location: '/console/' } });
    expect(await request(a).get('/console')).toMatchObject({ status: 301, headers: { location: '/console/' } });
  });

  test('not built: 404 saying how to build it', async () => {
    const res = await request(app()).get('/console/');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('npm run build');
  });
});

describe('the development login', () => {
  test('offers every role but the system, and the catalog’s units', async () => {
    const res = await request(app({ dev: true })).get('/auth/options');
    expect(res.status).toBe(200);
    const roles = res.body.dev.roles as { code: string; name: string; needsUnit: boolean }[];
    expect(roles.map((r) => r.code)).not.toContain('system');
    expect(roles.find((r) => r.code === 'handler')).toEqual({ code: 'handler', name: '承办人', needsUnit: true });
    expect(roles.find((r) => r.code === 'operator')).toMatchObject({ needsUnit: false });
    expect(res.body.dev.units).toContainEqual({ code: 'LJ-ECO', name: '临江市生态环境局' });
  });

  test('mints a token the API accepts, for two hours', async () => {
    const res = await request(app({ dev: true }))
      .post('/auth/dev-token')
      .send({ role: 'handler', unit: 'LJ-ECO', name: '王五' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const actor = await createVerifier({ secret: SECRET })(res.body.token);
    expect(actor).toEqual({ id: 'handler-lj-eco', name: '王五', role: 'handler', unit: 'LJ-ECO' });
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(119 * 60_000);
    expect(ttl).toBeLessThanOrEqual(120 * 60_000);
    const claims = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString()) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(7200);
  });

  test('a unit role needs a unit of the catalog; other roles carry none', async () => {
    const a = app({ dev: true });
    const noUnit = await request(a).post('/auth/dev-token').send({ role: 'unit_leader' });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details).toEqual([{ path: 'unit', message: '必填' }]);
    expect((await request(a).post('/auth/dev-token').send({ role: 'handler', unit: 'NOWHERE' })).status).toBe(400);
    expect((await request(a).post('/auth/dev-token').send({ role: 'system' })).status).toBe(400);
    const op = await request(a).post('/auth/dev-token').send({ role: 'operator', unit: 'LJ-ECO' });
    expect(await createVerifier({ secret: SECRET })(op.body.token)).toEqual({ id: 'operator-hotline', name: '受理员', role: 'operator' });
  });

  test('does not exist with a configured secret or identity provider', async () => {
    const a = app();
    expect((await request(a).post('/auth/dev-token').send({ role: 'admin' })).status).toBe(404);
    expect((await request(a).get('/auth/options')).body).toEqual({});
  });

  test('with single sign-on configured, the options name the provider and the console’s client', async () => {
    const res = await request(app({ oidc: true })).get('/auth/options');
    expect(res.body).toEqual({ oidc: { issuer: 'https://sso.example.gov.cn', clientId: 'hotline-console', scopes: 'openid profile hotline' } });
    expect(
      (
        await request(app({ oidc: true }))
          .post('/auth/dev-token')
          .send({ role: 'admin' })
      ).status,
    ).toBe(404);
  });
});

describe('the labels of the action forms in /openapi.json', () => {
  const schemas = buildOpenApiDocument().components!.schemas as Record<string, { properties: Record<string, Record<string, unknown>> }>;

  test('every field of every action input has a Chinese title', () => {
    const untitled = Object.entries(schemas)
      .filter(([name]) => name.endsWith('Input'))
      .flatMap(([name, s]) =>
        Object.entries(s.properties ?? {})
          .filter(([, p]) => !/[\u4e00-\u9fff]/.test(String(p.title ?? '')))
          .map(([f]) => `${name}.${f}`),
      );
    expect(untitled).toEqual([]);
  });

  test('choices read in Chinese, patterns say what is wrong in Chinese, one schema may name a field its own way', () => {
    expect(schemas.ContactInput!.properties.stage).toMatchObject({ title: '联系阶段', 'x-enum-labels': { first: '首次联系', final: '办结前联系' } });
    expect(schemas.ReplyInput!.properties.handlerPhone!['x-pattern-message']).toContain('电话号码');
    expect(schemas.RejectReplyInput!.properties.note!.title).toBe('退回意见');
    expect(schemas.ApproveReplyInput!.properties.note!.title).toBe('备注');
  });
});
