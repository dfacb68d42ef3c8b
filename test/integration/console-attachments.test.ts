// Photos in the console, in a real Chromium against the real API, worker and attachment store: the
// handler attaches a site photo in the reply form, and the reviewer sees it beside the reply as a
// thumbnail that opens the viewer; the photo served has no Exif. Screens photographed, axe-checked.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiHarness, apiHarness, registerTicket, ticketCalls, Who } from '../setup/api';
import { fsAttachments } from '../setup/attachments';
import { buildConsole, choose, cspViolations, launchBrowser, outputDir, seriousViolations } from '../setup/browser';
import { cameraJpeg, OWNER } from '../setup/images';

const UNIT = 'LJ-JB-BJ-OFFICE';
const UNIT_NAME = '江北区滨江街道办事处';
const handler: Who = { role: 'handler', unit: UNIT, sub: 'h-bj' };
const shots = outputDir('console-attachments');
const refused: string[] = [];

let api: ApiHarness;
let browser: Browser;
const store = fsAttachments();
beforeAll(async () => {
  buildConsole();
  [api, browser] = await Promise.all([apiHarness('console-attachments', { console: true, attachments: store.config }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
  store.remove();
});

async function signIn(role: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  cspViolations(page, refused);
  await page.goto(`${api.url}/console/`);
  const picks = [['角色', role], ...(role === '受理员' ? [] : [['单位', UNIT_NAME]])];
  for (const [label, option] of picks) {
    const box = page.getByRole('combobox', { name: label, exact: true });
    await box.and(page.locator(':enabled')).waitFor();
    await box.click({ force: true });
    await page.getByRole('option', { name: option, exact: true }).click();
    await page.getByRole('listbox', { name: label, exact: true }).waitFor({ state: 'hidden' });
  }
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: '登录' }).waitFor();
  return page;
}

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  expect({ screen: name, violations: await seriousViolations(page) }).toEqual({ screen: name, violations: [] });
}

test('the handler attaches a photo in the reply form; the reviewer sees it beside the reply and opens it', async () => {
  const id = await registerTicket(api);
  const { act } = ticketCalls(api);
  await act(id, { role: 'dispatcher' }, 'dispatch', { unit: UNIT });
  await act(id, handler, 'sign');
  await act(id, handler, 'contact', { stage: 'first', method: 'phone' });
  await act(id, handler, 'contact', { stage: 'final', method: 'phone' });

  // The steps this handler may attach at now: the console offers photos in those forms.
  expect((await ticketCalls(api).get(id, handler)).body.attachSteps).toEqual(['contact', 'visit', 'reply']);
  const h = await signIn('承办人');
  await h.goto(`${api.url}/console/#/tickets/${id}`);
  await h.getByRole('heading', { name: `工单 ${id}` }).waitFor();
  await h.getByRole('toolbar', { name: '可执行的操作' }).getByRole('button', { name: '答复', exact: true }).click();
  const dialog = h.getByRole('dialog', { name: '答复' });
  await dialog.getByLabel(/添加照片/).setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: cameraJpeg() });
  await dialog.getByTestId('photos-done').filter({ hasText: '现场.jpg' }).waitFor();
  await dialog.getByLabel('答复内容').fill('已现场督促物业维修电梯，附维修后照片。');
  await dialog.getByLabel('承办人姓名').fill('李承办');
  await dialog.getByLabel('承办人电话').fill('0431-88886666');
  await dialog.getByRole('radio', { name: '已解决' }).check({ force: true });
  await screen(h, '01-reply-with-photo');
  await dialog.getByRole('button', { name: '确定答复' }).click();
  await h.getByTestId('reply').filter({ hasText: '已现场督促物业维修电梯' }).waitFor();
  await h.getByTestId('reply-evidence').getByRole('img').waitFor();
  await h.context().close();

  const r = await signIn('处室负责人');
  await r.goto(`${api.url}/console/#/tickets/${id}`);
  const evidence = r.getByTestId('reply-evidence');
  const thumb = evidence.getByRole('img', { name: /答复照片/ });
  await thumb.waitFor();
  // Decoded by the browser: a real picture, 96×64, from the stored (stripped) file.
  await r.waitForFunction('[...document.querySelectorAll("[data-testid=reply-evidence] img")].some((i) => i.complete && i.naturalWidth > 0)');
  expect(await r.evaluate('document.querySelector("[data-testid=reply-evidence] img").naturalWidth')).toBe(96);
  // Signed and contacted: those deadlines no longer count down; the reply's still does (R3), and the
  // sign-off waits for this review.
  const deadlines = r.locator('[aria-label="时限"]');
  await deadlines.getByRole('row').filter({ hasText: '签收时限' }).filter({ hasText: '本环节已过' }).waitFor();
  await deadlines.getByRole('row').filter({ hasText: '首次联系时限' }).filter({ hasText: '本环节已过' }).waitFor();
  expect(await deadlines.getByRole('row').filter({ hasText: '答复时限' }).textContent()).not.toContain('本环节已过');
  await r.getByTestId('reply').filter({ hasText: '待审核后审签' }).waitFor();
  await screen(r, '02-reviewer-sees-evidence');
  await thumb.click();
  const viewer = r.locator('.el-image-viewer__wrapper');
  await viewer.waitFor();
  await r.screenshot({ path: path.join(shots, '03-viewer.png') });
  await r.keyboard.press('Escape');
  await viewer.waitFor({ state: 'hidden' });
  // The reviewer can still review the reply the photo stands beside.
  await r.getByRole('toolbar', { name: '可执行的操作' }).getByRole('button', { name: '审核通过' }).waitFor();
  await r.context().close();

  const [meta] = (await ticketCalls(api).get(id, handler)).body.attachments;
  const served = await api
    .http()
    .get(`/api/v1/tickets/${id}/attachments/${meta.id}`)
    .set('Authorization', await api.bearer(handler));
  expect(Buffer.from(served.body).includes(OWNER)).toBe(false);
  expect(refused).toEqual([]);
});

test('the operator adds the citizen’s photo at intake; its GPS position is offered and kept only when chosen', async () => {
  const id = await registerTicket(api);
  const page = await signIn('受理员');
  await page.goto(`${api.url}/console/#/tickets/${id}`);
  await page.getByRole('heading', { name: `工单 ${id}` }).waitFor();
  await page.getByLabel(/添加照片/).setInputFiles({ name: '市民照片.jpg', mimeType: 'image/jpeg', buffer: cameraJpeg() });
  const offer = page.getByRole('alert').filter({ hasText: '照片含拍摄位置' });
  await offer.filter({ hasText: '36.06710' }).waitFor();
  await page.getByTestId('attachments').getByRole('img').waitFor();
  // Offered, not kept: nothing of it on the ticket yet.
  expect(JSON.stringify((await ticketCalls(api).get(id, { role: 'operator' })).body)).not.toContain('36.0671');
  await screen(page, '04-intake-photo-gps-offered');
  await offer.getByRole('button', { name: /用作诉求地点/ }).click();
  await page.getByTestId('timeline').filter({ hasText: '诉求地点（照片定位）：36.067100, 120.382600' }).waitFor();
  await page.context().close();
  expect(refused).toEqual([]);
});

test('the operator registers a call with the citizen’s photo and the call’s recording number in the intake form', async () => {
  const page = await signIn('受理员');
  await page.getByRole('heading', { name: '受理登记' }).waitFor();
  await choose(page, '诉求类型', '求助');
  await choose(page, '诉求分类', '物业管理');
  await choose(page, '区县', '江北区');
  await page.getByLabel('诉求内容').fill('小区楼道堆放杂物，市民发来照片');
  await page.getByLabel('通话录音编号').fill('CALL-20261203-0815');
  await page.getByLabel(/市民照片/).setInputFiles({ name: '楼道.jpg', mimeType: 'image/jpeg', buffer: cameraJpeg() });
  await page.getByTestId('intake-photos').filter({ hasText: '已选 1 张' }).waitFor();
  await screen(page, '05-intake-form-photo');
  await page.getByRole('button', { name: '登记工单' }).click();
  const heading = page.getByRole('heading', { name: /^工单 / });
  await heading.waitFor();
  const id = (await heading.textContent())!.replace('工单 ', '').trim();
  await page.getByTestId('attachments').getByRole('img').waitFor();
  await page.getByText('通话录音：CALL-20261203-0815').waitFor();
  await page.context().close();

  // Kept as the intake's photo, stripped; the recording a reference only.
  const ticket = (await ticketCalls(api).get(id, { role: 'operator' })).body;
  expect(ticket.attachments.map((a: { kind: string; step: string }) => [a.kind, a.step])).toEqual([['photo', 'intake']]);
  expect(ticket.recording).toEqual({ id: 'CALL-20261203-0815' });
  const served = await api
    .http()
    .get(`/api/v1/tickets/${id}/attachments/${ticket.attachments[0].id}`)
    .set('Authorization', await api.bearer({ role: 'operator' }));
  expect(Buffer.from(served.body).includes(OWNER)).toBe(false);
  expect(refused).toEqual([]);
});
