// The console as people use it: a real Chromium drives a ticket's whole life through the screens,
// clicking and typing and reading what they show, against the real API, worker and ledger.
// operator intake → dispatcher → handler signs, contacts twice, replies → the approval steps the
// ticket offers → follow-up agent → closed; a refused action shows the engine's reason with the form
// still filled; a handler of another unit sees none of it. Every screen is photographed and checked
// with axe-core (no serious or critical violations).
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ApiHarness, apiHarness, eventually, PHONE, registerTicket } from '../setup/api';
import { buildConsole, cspViolations, launchBrowser, outputDir, seriousViolations, choose } from '../setup/browser';

let api: ApiHarness;
let browser: Browser;
const shots = outputDir('console-lifecycle');
/** Whatever the console page's content security policy refused, on any tab: nothing, at the end. */
const refused: string[] = [];

beforeAll(async () => {
  buildConsole();
  [api, browser] = await Promise.all([apiHarness('console', { console: true }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** A signed-in tab for one person (its own sessionStorage: its own token). */
async function signIn(role: string, unit?: string): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  cspViolations(page, refused);
  last = page;
  await page.goto(`${api.url}/console/`);
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await choose(page, '角色', role);
  if (unit) await choose(page, '单位', unit);
  await page.getByRole('button', { name: '登录' }).click();
  await page
    .getByRole('heading', { level: 1 })
    .filter({ hasNotText: '登录' })
    .waitFor()
    .catch(async (e) => {
      await page.screenshot({ path: path.join(shots, 'debug.png') });
      throw e;
    });
  return page;
}

const done = (page: Page) => page.context().close();

/** Screenshot under test-output/, and no serious or critical axe violation on the screen. */
async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

/** Opens the ticket from the pool, as a person would: its number in the list. */
async function openFromPool(page: Page, id: string): Promise<void> {
  await page.getByRole('menuitem', { name: '工单池' }).click();
  await page.getByRole('link', { name: id }).click();
  await page.getByRole('heading', { name: `工单 ${id}` }).waitFor();
}

const status = (page: Page) => page.getByTestId('status');
/** A part of the ticket's screen, by its heading. */
const card = (page: Page, title: string) => page.locator('.el-card', { has: page.getByRole('heading', { name: title, exact: true }) });

/** Waits until the element shows `text` (the screens update as the API answers). */
const shows = (where: Locator, text: string) => where.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });

/** Clicks the ticket's action button, fills its dialog with `fill`, and confirms. */
async function act(page: Page, label: string, fill: (dialog: Locator) => Promise<void> = async () => undefined): Promise<Locator> {
  await page.getByRole('toolbar', { name: '可执行的操作' }).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await fill(dialog);
  await dialog.getByRole('button', { name: `确定${label}` }).click();
  return dialog;
}

/** The last tab opened: photographed after the test, so a failure shows where it stopped. */
let last: Page | undefined;
afterEach(async () => {
  await last?.screenshot({ path: path.join(shots, 'last.png') }).catch(() => undefined);
});

test('a ticket lives its whole life through the console', async () => {
  const login = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await login.goto(`${api.url}/console/`);
  await login.getByRole('heading', { name: '登录' }).waitFor();
  await screen(login, '01-login');
  await login.close();

  // 受理: the operator registers the call.
  const operator = await signIn('受理员');
  await operator.getByRole('heading', { name: '受理登记' }).waitFor();
  await operator.getByLabel('姓名').fill('张三');
  await operator.getByLabel('电话').fill(PHONE);
  await choose(operator, '诉求类型', '投诉');
  await choose(operator, '诉求分类', '物业管理');
  await choose(operator, '区县', '江北区');
  await choose(operator, '街道（乡镇）', '滨江街道');
  await operator.getByLabel('详细地址').fill('北街1号');
  await operator.getByLabel('诉求内容').fill('小区电梯长期故障，物业不维修');
  await screen(operator, '02-intake');
  await operator.getByRole('button', { name: '登记工单' }).click();
  const heading = operator.getByRole('heading', { name: /^工单 / });
  await heading.waitFor();
  const id = (await heading.textContent())!.replace('工单 ', '').trim();
  await shows(status(operator), '已登记待派单');
  // The operator calls the citizen back: the number in full.
  await shows(card(operator, '诉求人'), PHONE);
  await screen(operator, '03-ticket-registered');
  await done(operator);

  // 派单: the dispatcher's pool opens on what waits for dispatch.
  const dispatcher = await signIn('派单员');
  await dispatcher.getByRole('link', { name: id }).waitFor();
  await shows(dispatcher.getByTestId('pool'), '派单时限');
  await screen(dispatcher, '04-pool-dispatcher');
  await dispatcher.getByRole('link', { name: id }).click();
  await shows(card(dispatcher, '诉求人'), '138****5678');
  await act(dispatcher, '派单', (d) => choose(d, '单位', '江北区滨江街道办事处（LJ-JB-BJ-OFFICE）'));
  await shows(status(dispatcher), '已派单待签收');
  await done(dispatcher);

  // 承办: the street office's handler signs, contacts the citizen twice, and replies.
  const handler = await signIn('承办人', '江北区滨江街道办事处');
  await handler.getByRole('link', { name: id }).waitFor();
  await shows(handler.getByTestId('pool'), '签收时限');
  await screen(handler, '05-pool-handler');
  await handler.getByRole('link', { name: id }).click();
  await act(handler, '签收');
  await shows(status(handler), '办理中');
  await act(handler, '联系诉求人', async (d) => {
    await d.getByRole('radio', { name: '首次联系' }).check({ force: true });
    await d.getByRole('radio', { name: '电话' }).check({ force: true });
    await d.getByLabel('备注').fill('已电话联系，约定次日上门');
  });
  await shows(card(handler, '联系与见面'), '首次联系');
  await act(handler, '联系诉求人', async (d) => {
    await d.getByRole('radio', { name: '办结前联系' }).check({ force: true });
    await d.getByRole('radio', { name: '上门' }).check({ force: true });
  });
  await shows(card(handler, '联系与见面'), '办结前联系');

  // A refused action: the engine's reason, and the form as it was typed.
  const reply = await act(handler, '答复', async (d) => {
    await d.getByLabel('答复内容').fill('已督促物业维修电梯，预计下周恢复。');
    await d.getByLabel('承办人姓名').fill('李承办');
    await d.getByLabel('承办人电话').fill('0431-88886666');
    await d.getByRole('radio', { name: '未解决' }).check({ force: true });
  });
  await shows(reply.getByRole('alert'), '未解决的诉求须在答复中说明政策依据');
  expect(await reply.getByLabel('答复内容').inputValue()).toBe('已督促物业维修电梯，预计下周恢复。');
  await screen(handler, '06-action-refused');
  await reply.getByRole('radio', { name: '已解决' }).check({ force: true });
  await reply.getByRole('button', { name: '确定答复' }).click();
  // The reply now waits for the unit's approval (the status's name is the engine's: one step or two).
  await shows(handler.getByTestId('reply'), '已督促物业维修电梯');
  // 待审签 when the unit signs in one step, 待审核后审签 while the division's review comes first.
  await handler
    .getByTestId('reply')
    .filter({ hasText: /待(审核后)?审签/ })
    .first()
    .waitFor({ timeout: 20_000 });
  await screen(handler, '07-ticket-replied');
  await done(handler);

  // 审核 / 审签: the unit's people other than its handlers, each in turn, take the approval the ticket
  // offers them (a button ending in 通过) until it waits for the follow-up call: one step or two,
  // whatever the engine asks for.
  const approvers = await unitApprovers();
  for (let round = 0; round < 3 && !(await followingUp(id)); round++) {
    for (const role of approvers) {
      const approver = await signIn(role, '江北区滨江街道办事处');
      await openFromPool(approver, id);
      const approve = approver.getByRole('toolbar', { name: '可执行的操作' }).getByRole('button', { name: /通过$/ });
      if (await approve.count()) {
        const label = (await approve.first().textContent())!.trim();
        await act(approver, label, (d) => d.getByLabel('备注').fill('同意'));
        await shows(approver.getByTestId('timeline'), label);
      }
      await done(approver);
    }
  }
  expect(await followingUp(id)).toBe(true);

  // 回访: the follow-up agent calls and records the answer; the ticket closes.
  const agent = await signIn('回访员');
  await agent.getByRole('heading', { name: '回访队列' }).waitFor();
  await shows(agent.getByTestId('follow-ups'), id);
  await screen(agent, '08-follow-up-queue');
  await agent.getByRole('link', { name: id }).click();
  await shows(status(agent), '待回访');
  await act(agent, '回访', async (d) => {
    await d.getByRole('radio', { name: '满意', exact: true }).check({ force: true });
    await d.getByRole('radio', { name: '已解决' }).check({ force: true });
  });
  await shows(status(agent), '已办结');
  await shows(agent.getByTestId('timeline'), '回访');
  await screen(agent, '09-ticket-closed');
  await done(agent);

  // A handler of another unit: nothing in the pool, and the ticket itself is refused.
  const stranger = await signIn('承办人', '江南区南湖街道办事处');
  await shows(stranger.getByTestId('pool'), '没有工单');
  await stranger.goto(`${api.url}/console/#/tickets/${id}`);
  // The engine's refusal names the ticket (403 not involved, or 404 as if it did not exist); nothing of it shows.
  await shows(stranger.getByRole('alert'), id);
  expect(await stranger.getByRole('heading', { name: `工单 ${id}` }).count()).toBe(0);
  expect(await stranger.getByText('小区电梯长期故障').count()).toBe(0);
  await screen(stranger, '10-other-unit');
  await done(stranger);

  // A joint consultation convened on an open ticket (联席会商), through the API, once the ledger has it.
  const convened = await registerTicket(api);
  const asSupervisor = await api.bearer({ role: 'supervisor' });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  const consultation = { topic: '跨部门协调电梯维修', participants: ['LJ-JB-HOUSING'], at: tomorrow };
  expect(
    (await api.http().post(`/api/v1/tickets/${convened}/actions/consultation`).set('Authorization', asSupervisor).send(consultation)).status,
  ).toBe(200);
  await eventually(
    async () =>
      (await api.http().get('/api/v1/pool').set('Authorization', asSupervisor)).body.items as { id: string; nextConsultationAt: string | null }[],
    (items) => items.some((i) => i.id === convened && i.nextConsultationAt !== null),
  );

  // The supervisor's screens: the board (提级督办, 联席会商, overdue tickets by ladder step), and the statistics.
  const supervisor = await signIn('督办员');
  await supervisor.getByRole('heading', { name: /督办看板/ }).waitFor();
  await shows(supervisor.getByTestId('consultations'), convened);
  await shows(supervisor.getByTestId('supervised'), '没有提级督办的工单');
  await screen(supervisor, '11-supervision');
  await supervisor.getByRole('menuitem', { name: '统计' }).click();
  await shows(supervisor.locator('.el-card', { has: supervisor.getByRole('heading', { name: '三率（按承办单位）' }) }), '江北区滨江街道办事处');
  await screen(supervisor, '12-stats');
  await done(supervisor);
  expect(refused).toEqual([]);
}, 300_000);

/** The roles of a unit's people who are not its handlers, as the login picker names them. */
async function unitApprovers(): Promise<string[]> {
  const body = (await (await fetch(`${api.url}/auth/options`)).json()) as { dev: { roles: { code: string; name: string; needsUnit: boolean }[] } };
  return body.dev.roles.filter((r) => r.needsUnit && r.code !== 'handler').map((r) => r.name);
}

/** Whether the ticket waits for its follow-up call (read through the API as an admin). */
async function followingUp(id: string): Promise<boolean> {
  const res = await api
    .http()
    .get(`/api/v1/tickets/${id}`)
    .set('Authorization', await api.bearer({ role: 'admin' }));
  return res.body.status === 'follow_up';
}
