// The console's single sign-on: OpenID Connect, authorization code with PKCE, against a real
// provider on loopback (the `oidc-provider` package in a child process, its own sign-in pages).
// A handler signs in there, comes back to the console signed in as the claims say (role, unit), and
// the API accepts the ID token (verified with the provider's keys): the pool opens on their unit.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../platform/dev-server';
import { projectRoot } from '../../platform/paths';
import { ApiHarness, apiHarness, intakeBody } from '../setup/api';
import { buildConsole, cspViolations, launchBrowser, outputDir, seriousViolations, choose } from '../setup/browser';

let api: ApiHarness;
let browser: Browser;
let provider: ChildProcess | undefined;
const shots = outputDir('console-oidc');
/** What the console page's content security policy refused: nothing (the provider is allowed). */
const refused: string[] = [];
afterEach(() => expect(refused).toEqual([]));

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

/** Signs in at the provider's own pages (sign in, then allow the console) as `login`. */
async function singleSignOn(login: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.setDefaultTimeout(15_000);
  cspViolations(page, refused);
  await page.goto(`${api.url}/console/`);
  await page.getByRole('button', { name: '统一身份认证登录' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  return page;
}

test('a handler signs in at the identity provider and works in the console as its claims say', async () => {
  const page = await singleSignOn('handler@LJ-JB-BJ-OFFICE');

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

test('an operator registers a repeat call and merges it into the open ticket the intake screen offers', async () => {
  const op = await api.bearer({ role: 'operator' });
  const first = await api
    .http()
    .post('/api/v1/tickets')
    .set('Authorization', op)
    .send(intakeBody({ location: { district: 'JN', street: 'JN-NH' } }));
  expect(first.status).toBe(201);
  const page = await singleSignOn('operator');
  await page.getByRole('heading', { name: '受理登记' }).waitFor();
  await page.getByLabel('姓名').fill('李四');
  await page.getByLabel('诉求内容').fill('同一小区电梯故障，邻居也反映');
  await choose(page, '诉求类型', '投诉');
  await choose(page, '诉求分类', '物业管理');
  await choose(page, '区县', '江南区');
  const duplicates = page.getByTestId('duplicates');
  await duplicates.getByRole('link', { name: first.body.id }).waitFor();
  await page.screenshot({ path: path.join(shots, 'intake-duplicates.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await duplicates.getByRole('button', { name: '登记并并入此单' }).click();
  await page.getByRole('heading', { name: `工单 ${first.body.id}` }).waitFor();
  // 多人一诉: the repeat caller is now a requester of the first ticket.
  await page
    .locator('.el-card', { has: page.getByRole('heading', { name: '诉求人', exact: true }) })
    .getByText('李四')
    .waitFor();
  await page.close();
});
