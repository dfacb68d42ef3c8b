// The citizens' own pages in a real browser (Debian's Chromium through playwright-core) on a
// phone-sized screen, pages without any script of their own (their CSP forbids one): 网上诉求 opens a ticket on channel
// web, 进度查询 shows its progress for the number and the phone's last four digits, and five wrong
// tries lock the lookup in the ledger (a fresh API on the same ledger still refuses). axe-core finds
// no serious or critical violation on any page; screenshots go to .cache/test/citizen-pages/.
import fs from 'node:fs';
import path from 'node:path';
import { source as AXE } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules } from '../../domain/ticket';
import type { LedgerDb } from '../../ledger/db';
import { cacheDir } from '../../platform/paths';
import { apiHarness, ApiHarness, callerOf, TEST_JWT_SECRET } from '../setup/api';
import { replyInput, toFollowUp } from '../setup/drive';
import { launchBrowser, phoneContext } from '../setup/browser';
import { openTestLedger } from '../setup/ledger';

const SHOTS = path.join(cacheDir, 'test', 'citizen-pages');
const LEAD = 'LJ-JB-HOUSING';
const PHONE = '13812349876';
const DESCRIPTION = '小区门口路灯连续一周不亮，夜间出行不安全';

type Violation = { id: string; impact: string | null; help: string; nodes: unknown[] };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate<{ violations: Violation[] }>('axe.run(document)');
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('citizen pages in Chromium: 网上诉求 and 进度查询', () => {
  let api: ApiHarness;
  let db: LedgerDb;
  let browser: Browser;
  let context: BrowserContext;
  let id: string;
  const { get } = callerOf(() => api);

  const shot = async (page: Page, name: string) => {
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  };
  /** Another API process on the same Temporal and ledger. */
  const appOnLedger = (now?: () => Date) =>
    createApp({
      client: api.client,
      namespace: 'default',
      taskQueue: api.taskQueue,
      catalog: loadCatalog,
      auth: { secret: TEST_JWT_SECRET },
      rules: () => defaultRules,
      calendar: loadCalendar(),
      ledger: db,
      now,
    });
  const lookup = (ticket: string, phone4: string, target: () => ReturnType<typeof request> = () => api.http()) =>
    target().post('/citizen/progress').type('form').send({ ticket, phone4 });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    db = await openTestLedger();
    api = await apiHarness('citizen', { ledger: db, webSubmitsPerHour: 4 });
    browser = await launchBrowser();
    // axe is injected by the test itself (bypassCSP lets it in); the pages have no script.
    context = await phoneContext(browser, { bypassCSP: true });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
    await db?.close();
  });

  test('plain HTTP: no script, the page headers, and the form’s refusals', async () => {
    const form = await api.http().get('/citizen/request');
    expect(form.status).toBe(200);
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    expect(form.text).not.toMatch(/<script|<link|src=|https?:\/\//);
    const bad = await api.http().post('/citizen/request').type('form').send({ description: '短', phone: '123' });
    expect(bad.status).toBe(400);
    for (const msg of ['请选择诉求类型。', '请选择问题类别。', '请选择问题所在区域。', '请描述您反映的问题（至少 5 个字）。', '请填写正确的手机号']) {
      expect(bad.text).toContain(msg);
    }
    expect(bad.text).toContain('value="123"'); // what was typed stays
    const progress = await api.http().get('/citizen/progress?ticket=ABC-1');
    expect(progress.text).toContain('value="ABC-1"');
    expect((await lookup('ABC-1', '12')).status).toBe(400);
  });

  test('网上诉求 on a phone: the form is filled and sent without any page script; a ticket on channel web', async () => {
    const page = await context.newPage();
    await page.goto(`${api.url}/citizen/request`);
    await shot(page, '1-request-form');
    await page.getByText('投诉', { exact: true }).click();
    await page.getByLabel('问题类别').selectOption('PUBLIC_FACILITY_DAMAGE');
    await page.getByLabel('问题所在区域').selectOption('JB/JB-BJ');
    await page.getByLabel('详细地点（选填）').fill('滨江花园南门');
    await page.getByLabel('问题描述').fill(DESCRIPTION);
    await page.getByLabel('您的称呼（选填）').fill('赵女士');
    await page.getByLabel('联系电话').fill(PHONE);
    await Promise.all([page.waitForURL(`${api.url}/citizen/request`), page.getByRole('button', { name: '提交诉求' }).click()]);
    const title = await page.locator('h2').innerText();
    expect(title).toMatch(/^诉求已受理，工单号 \S+$/);
    id = title.split('工单号 ')[1];
    await shot(page, '2-request-accepted');

    const t = (await get(`/api/v1/tickets/${id}`, { role: 'admin' })).body;
    expect(t).toMatchObject({
      channel: 'web',
      category: 'PUBLIC_FACILITY_DAMAGE',
      description: DESCRIPTION,
      location: { district: 'JB', street: 'JB-BJ', address: '滨江花园南门' },
    });
    expect(t.requesters[0]).toMatchObject({ name: '赵女士', phone: PHONE, anonymous: false });
    expect(t.history[0].actor).toMatchObject({ id: 'citizen-web', role: 'system' });
    await page.close();
  });

  test('the honeypot and the limit per address refuse, and open no ticket; a valid fourth submission still passes', async () => {
    const body = { requestType: 'help', category: 'PROPERTY_MANAGEMENT', area: 'JB', description: DESCRIPTION, phone: PHONE };
    // Four per hour from this address: the browser's one and the form refusal above count too.
    const trap = await api
      .http()
      .post('/citizen/request')
      .type('form')
      .send({ ...body, website: 'http://spam.example' });
    expect(trap.status).toBe(400);
    expect(trap.text).toContain('提交未通过校验');
    expect(trap.text).not.toContain('工单号');
    expect((await api.http().post('/citizen/request').type('form').send(body)).status).toBe(201); // the fourth
    const limited = await api.http().post('/citizen/request').type('form').send(body);
    expect(limited.status).toBe(429);
    expect(limited.text).not.toContain('工单号');
    expect(limited.text).toContain('每小时最多提交 4 件');
  });

  test('进度查询 in the browser: a wrong try says how many are left; the right digits show status, unit, deadlines, then the signed-off reply', async () => {
    const page = await context.newPage();
    await page.goto(`${api.url}/citizen/progress?ticket=${id}`);
    await shot(page, '3-progress-form');
    await page.getByLabel('联系电话后四位').fill('0000');
    await Promise.all([page.waitForURL(`${api.url}/citizen/progress`), page.getByRole('button', { name: '查询' }).click()]);
    expect(await page.getByRole('alert').innerText()).toBe('工单号或联系电话后四位不正确，还可尝试 4 次。');

    await page.getByLabel('联系电话后四位').fill(PHONE.slice(-4));
    await Promise.all([page.waitForURL(`${api.url}/citizen/progress`), page.getByRole('button', { name: '查询' }).click()]);
    let shown = await page.locator('main').innerText();
    for (const expected of [id, '已登记待派单', '公共设施损坏', '江北区', '正在派单']) expect(shown).toContain(expected);
    for (const hidden of [PHONE, '赵女士', DESCRIPTION, '滨江花园南门']) expect(shown).not.toContain(hidden);

    await toFollowUp(api.client.workflow.getHandle(id), LEAD);
    await page.goto(`${api.url}/citizen/progress?ticket=${id}`);
    await page.getByLabel('联系电话后四位').fill(PHONE.slice(-4));
    await Promise.all([page.waitForURL(`${api.url}/citizen/progress`), page.getByRole('button', { name: '查询' }).click()]);
    shown = await page.locator('main').innerText();
    for (const expected of ['待回访', '江北区住房和城乡建设局', '回访时限', '承办单位答复', replyInput.content, replyInput.handlerPhone]) {
      expect(shown).toContain(expected);
    }
    expect(shown).not.toMatch(/答复时限|首次联系时限/); // steps done
    await shot(page, '4-progress-replied');
    // The right answer cleared the wrong one.
    expect(await db.query('SELECT * FROM citizen_lookup_failures WHERE ticket_id = $1', [id])).toEqual([]);
    await page.close();
  });

  test('five wrong tries lock the ticket’s lookup for an hour, in the ledger: a fresh API on it still refuses', async () => {
    for (let left = 4; left >= 1; left--) {
      const res = await lookup(id, '1111');
      expect(res.status).toBe(404);
      expect(res.text).toContain(`还可尝试 ${left} 次`);
    }
    const fifth = await lookup(id, '1111');
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain('该工单的查询已暂时锁定');
    expect((await lookup(id, PHONE.slice(-4))).status).toBe(429); // right digits too, while locked
    const [row] = await db.query<{ locked_until: Date }>('SELECT locked_until FROM citizen_lookup_failures WHERE ticket_id = $1', [id]);
    expect(row.locked_until.getTime() - Date.now()).toBeGreaterThan(3_500_000);

    // A restart: another app on the same ledger.
    const restarted = appOnLedger();
    const again = await lookup(id, PHONE.slice(-4), () => request(restarted));
    expect(again.status).toBe(429);

    // An hour later the lookup opens again (the clock moved, not the row).
    const later = appOnLedger(() => new Date(Date.now() + 3_700_000));
    const open = await lookup(id, PHONE.slice(-4), () => request(later));
    expect(open.status).toBe(200);
    expect(open.text).toContain('待回访');

    const page = await context.newPage();
    await page.goto(`${api.url}/citizen/progress`);
    await page.getByLabel('工单号').fill('NO-SUCH-1');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('联系电话后四位').fill('1234');
      await Promise.all([page.waitForURL(`${api.url}/citizen/progress`), page.getByRole('button', { name: '查询' }).click()]);
      if (i < 4) expect(await page.getByRole('alert').innerText()).toContain(`还可尝试 ${4 - i} 次`);
    }
    expect(await page.locator('h2').innerText()).toBe('该工单的查询已暂时锁定');
    await shot(page, '5-progress-locked');
    await page.close();
  });
});
