// Bearer tokens: HS256 with the shared secret, or a JWKS (single sign-on); the claims the API
// needs; the dev secret kept in HOTLINE_DATA_DIR for `npm run token`.
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createVerifier, signToken } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { resolveJwtSecret } from '../../config/jwt-secret';

const SECRET = 'unit-test-secret-0123456789abcdef';

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('token verification', () => {
  const verify = createVerifier({ secret: SECRET });

  test('a token from signToken gives the actor: sub, name, role, unit', async () => {
    const token = await signToken(SECRET, { sub: 'u1', name: '张三', role: 'handler', unit: 'LJ-WATER' });
    expect(await verify(token)).toEqual({ id: 'u1', name: '张三', role: 'handler', unit: 'LJ-WATER' });
    expect(await verify(await signToken(SECRET, { sub: 'op', role: 'operator' }))).toEqual({ id: 'op', role: 'operator' });
  });

  test('signToken refuses a handler without unit', async () => {
    await expect(signToken(SECRET, { sub: 'x', role: 'handler' })).rejects.toThrow(/unit/);
  });

  test('wrong secret, expired, unsigned (alg none), garbage, unknown role: 401 with the reason', async () => {
    const other = await signToken('another-secret-0123456789abcdef', { sub: 'x', role: 'admin' });
    expect((await rejection(verify(other))).message).toContain('签名校验失败');
    const expired = await signToken(SECRET, { sub: 'x', role: 'admin' }, Math.floor(Date.now() / 1000) - 10);
    expect((await rejection(verify(expired))).message).toContain('过期');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`;
    expect((await rejection(verify(none))).code).toBe('unauthorized');
    expect((await rejection(verify('garbage'))).code).toBe('unauthorized');
    const mayor = await new SignJWT({ role: 'mayor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verify(mayor))).message).toContain('role');
  });

  const hs = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x');
  const key = new TextEncoder().encode(SECRET);

  test('a token without exp is refused: it would be valid forever', async () => {
    const forever = await hs({ role: 'admin' }).setIssuedAt().sign(key);
    const err = await rejection(verify(forever));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toContain('exp');
  });

  test('a lifetime beyond the maximum (24 h unless configured) is refused, with or without iat', async () => {
    const long = await hs({ role: 'admin' }).setIssuedAt().setExpirationTime('30d').sign(key);
    expect((await rejection(verify(long))).message).toContain('有效期过长');
    const noIat = await hs({ role: 'admin' }).setExpirationTime('25h').sign(key);
    expect((await rejection(verify(noIat))).message).toContain('有效期过长');
    expect((await verify(await hs({ role: 'admin' }).setIssuedAt().setExpirationTime('23h').sign(key))).role).toBe('admin');
    const short = createVerifier({ secret: SECRET, maxLifetimeSeconds: 3600 });
    expect((await rejection(short(await signToken(SECRET, { sub: 'x', role: 'admin' }, '2h')))).message).toContain('1 小时');
  });

  test('issuer and audience are checked when configured', async () => {
    const strict = createVerifier({ secret: SECRET, issuer: 'https://sso.example', audience: 'hotline-api' });
    const good = await signToken(SECRET, { sub: 'x', role: 'admin' }, '1h', { issuer: 'https://sso.example', audience: 'hotline-api' });
    expect((await strict(good)).role).toBe('admin');
    expect((await rejection(strict(await signToken(SECRET, { sub: 'x', role: 'admin' })))).message).toContain('iss');
    const otherAud = await signToken(SECRET, { sub: 'x', role: 'admin' }, '1h', { issuer: 'https://sso.example', audience: 'other' });
    expect((await rejection(strict(otherAud))).message).toContain('aud');
  });

  test('the internal role system never comes from a bearer token', async () => {
    const robot = await hs({ role: 'system' }).setIssuedAt().setExpirationTime('1h').sign(key);
    const err = await rejection(verify(robot));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toContain('role');
  });

  test('a unit claim must name a catalog unit', async () => {
    const catalogOnly = createVerifier({ secret: SECRET, isUnit: (u) => u === 'LJ-WATER' });
    expect((await catalogOnly(await signToken(SECRET, { sub: 'x', role: 'handler', unit: 'LJ-WATER' }))).unit).toBe('LJ-WATER');
    for (const unit of ['LJ-NOWHERE', 'a";x=.exe', '水务局']) {
      const err = await rejection(catalogOnly(await signToken(SECRET, { sub: 'x', role: 'handler', unit })));
      expect(err.code).toBe('unauthorized');
      expect(err.message).toContain('unit');
    }
  });

  test('a 401 names the bad claim but does not list the roles', async () => {
    const mayor = await hs({ role: 'mayor' }).setIssuedAt().setExpirationTime('1h').sign(key);
    const err = await rejection(verify(mayor));
    expect(err.message).toContain('role');
    for (const role of ['operator', 'dispatcher', 'supervisor', 'system']) expect(err.message).not.toContain(role);
  });

  test('a JWKS URL verifies the identity provider’s RS256 tokens; HS256 then needs the secret too', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const sso = createVerifier({ jwksUrl: url });
      const token = await new SignJWT({ name: '李四', role: 'unit_leader', unit: 'LJ-ECO' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('sso-1')
        .setExpirationTime('1h')
        .sign(privateKey);
      expect(await sso(token)).toEqual({ id: 'sso-1', name: '李四', role: 'unit_leader', unit: 'LJ-ECO' });
      const hs = await signToken(SECRET, { sub: 'x', role: 'admin' });
      expect((await rejection(sso(hs))).code).toBe('unauthorized');
      const both = createVerifier({ jwksUrl: url, secret: SECRET });
      expect((await both(hs)).role).toBe('admin');
      expect((await both(token)).id).toBe('sso-1');
    } finally {
      server.close();
    }
  });
});

describe('the dev JWT secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-jwt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('HOTLINE_JWT_SECRET wins and writes nothing', () => {
    expect(resolveJwtSecret({ HOTLINE_JWT_SECRET: SECRET, HOTLINE_DATA_DIR: dir })).toEqual({ secret: SECRET, source: 'env' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('without it, one secret is created in HOTLINE_DATA_DIR (mode 600) and reused', () => {
    const data = path.join(dir, 'nested');
    const first = resolveJwtSecret({ HOTLINE_DATA_DIR: data });
    expect(first.source).toBe('dev-file');
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret({ HOTLINE_DATA_DIR: data }).secret).toBe(first.secret);
    expect(fs.readdirSync(data)).toEqual(['dev-jwt-secret']);
  });
});
