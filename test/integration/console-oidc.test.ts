// The console's single sign-on: OpenID Connect, authorization code with PKCE, against a real
// provider on loopback (the `oidc-provider` package in a child process, its own sign-in pages).
// A handler signs in there, comes back to the console signed in as the claims say (role, unit), and
// the API accepts the ID token (verified with the provider's keys): the pool opens on their unit.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort } from '../../platform/dev-server';
import { projectRoot } from '../../platform/paths';
import { ApiHarness, apiHarness } from '../setup/api';
import { buildConsole, launchBrowser, outputDir, seriousViolations } from '../setup/browser';

let api: ApiHarness;
let browser: Browser;
let provider: ChildProcess | undefined;
const shots = outputDir('console-oidc');

beforeAll(async () => {
  buildConsole();
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  [api, browser] = await Promise.all([
    apiHarness('console-oidc', { oidc: { issuer, clientId: 'hotline-console', scopes: 'openid profile hotline', jwksUrl: `${issuer}/jwks` } }),
    launchBrowser(),
  ]);
  provider = spawn(process.execPath, [path.join(projectRoot, 'test/setup/oidc-provider.mjs'), String(port), `${api.url}/console/`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    provider!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    provider!.once('exit', (code) => reject(new Error(`oidc provider exited (${code})`)));
  });
}, 180_000);
afterAll(async () => {
  provider?.kill();
  await browser?.close();
  await api?.close();
});

test('a handler signs in at the identity provider and works in the console as its claims say', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.setDefaultTimeout(15_000);
  await page.goto(`${api.url}/console/`);
  await page.getByRole('button', { name: '统一身份认证登录' }).click();

  // The provider's own pages: sign in, then allow the console.
  await page.locator('input[name="login"]').fill('handler@LJ-JB-BJ-OFFICE');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();

  await page.getByRole('heading', { name: /工单池/ }).waitFor();
  await page.getByText('统一认证handler · 承办人 · 江北区滨江街道办事处').waitFor();
  await page.getByTestId('pool').getByText('没有工单').waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  expect(page.url()).toBe(`${api.url}/console/#/pool`);
  // Only the token is kept, in this tab's sessionStorage; the PKCE round trip left nothing behind.
  const kept = (await page.evaluate('Object.keys(sessionStorage)')) as string[];
  expect(kept.filter((k) => k.startsWith('hotline.'))).toEqual(['hotline.console.token']);
  await page.screenshot({ path: path.join(shots, 'pool-after-sso.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.close();
});
