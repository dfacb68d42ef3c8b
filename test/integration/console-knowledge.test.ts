// The intake screen's preview (issue 15) in a real Chromium: as the operator fills the form, the
// notices in force for the category and place, the knowledge-base articles for the description and
// the open tickets probably about the same matter appear beside it; one click registers the call
// and answers it from the article. Photographed and checked with axe-core.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ApiHarness, apiHarness, eventually, intakeBody, registerTicket } from '../setup/api';
import { buildConsole, cspViolations, launchBrowser, outputDir, seriousViolations, choose } from '../setup/browser';

let api: ApiHarness;
let browser: Browser;
const shots = outputDir('console-knowledge');
const refused: string[] = [];
const hour = 3_600_000;

beforeAll(async () => {
  buildConsole();
  [api, browser] = await Promise.all([apiHarness('console-knowledge', { console: true }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function asAdmin(path: string, body: object) {
  const res = await api
    .http()
    .post(path)
    .set('Authorization', await api.bearer({ role: 'admin' }))
    .send(body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

test('the operator sees notices, articles and a probable duplicate, and answers from the article', async () => {
  const article = await asAdmin('/api/v1/knowledge', {
    title: '计划停水和临时停水的查询办法',
    body: '因管网维修需要计划停水的，供水公司提前24小时张贴停水通知。临时停水可拨打供水热线查询恢复供水时间。',
    category: 'WATER_OUTAGE',
    tags: ['停水'],
  });
  await asAdmin(`/api/v1/knowledge/${article.id}/publish`, {});
  const notice = await asAdmin('/api/v1/notices', {
    category: 'WATER_OUTAGE',
    area: { district: 'JB', street: 'JB-BJ' },
    from: new Date(Date.now() - hour).toISOString(),
    until: new Date(Date.now() + 6 * hour).toISOString(),
    text: '滨江街道供水管网抢修，今日停水至18时。',
  });
  const first = await registerTicket(api, intakeBody({ category: 'WATER_OUTAGE', description: '和平小区从早上开始停水，到现在还没来水' }));
  // The preview reads the ledger, which records the ticket a moment after its workflow starts.
  await eventually(
    async () =>
      api
        .http()
        .post('/api/v1/tickets/preview')
        .set('Authorization', await api.bearer({ role: 'operator' }))
        .send(intakeBody({ category: 'WATER_OUTAGE', description: '和平小区停水大半天了，什么时候来水' })),
    (r) => r.status === 200 && r.body.duplicates.length > 0,
  );

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  cspViolations(page, refused);
  try {
    await page.goto(`${api.url}/console/`);
    await choose(page, '角色', '受理员');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '受理登记' }).waitFor();
    await choose(page, '诉求类型', '咨询');
    await choose(page, '诉求分类', '停水（供水中断、水压不足）');
    await choose(page, '区县', '江北区');
    await choose(page, '街道（乡镇）', '滨江街道');
    await page.getByLabel('详细地址').fill('北街1号');
    await page.getByLabel('诉求内容').fill('和平小区停水大半天了，什么时候来水');

    await page.getByTestId('notices').getByText(notice.text).waitFor();
    await page.getByTestId('articles').getByText('计划停水和临时停水的查询办法').waitFor();
    await page.getByTestId('duplicates').getByRole('link', { name: first }).waitFor();
    await page.screenshot({ path: path.join(shots, '01-intake-preview.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('articles').getByRole('button', { name: '登记并按此条目答复' }).click();
    await page.getByRole('heading', { name: /^工单 / }).waitFor();
    await page.getByTestId('status').filter({ hasText: '咨询直答' }).waitFor();
    await page.screenshot({ path: path.join(shots, '02-answered.png'), fullPage: true });
    const id = (await page.getByRole('heading', { name: /^工单 / }).textContent())!.replace('工单 ', '').trim();
    const ticket = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer({ role: 'operator' }));
    expect(ticket.body.outcome).toMatchObject({ article: { articleId: article.id, version: 1 } });
    expect(refused).toEqual([]);
  } catch (err) {
    await page.screenshot({ path: path.join(shots, 'failed.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}, 120_000);
