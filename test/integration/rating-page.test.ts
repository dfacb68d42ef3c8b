// The rating page of the `link` follow-up provider, in a real browser (Debian's Chromium through
// playwright-core, nothing downloaded): a ticket on the dev server reaches follow-up with a worker
// whose provider is `link`, the SMS lands in the folder gateway, the citizen opens its link on a
// phone-sized screen, rates 不满意 + 未解决, and the ticket goes back to the unit; the link is then used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createRatingToken } from '../../follow-up/rating-token';
import { defaultRules, TicketRules, TicketState } from '../../domain/ticket';
import { cacheDir } from '../../platform/paths';
import { apiHarness, ApiHarness, eventually } from '../setup/api';
import { launchBrowser, phoneContext } from '../setup/browser';
import { replyInput, state, toFollowUp } from '../setup/drive';
import { intake, startTicket, ticketId, ticketInput } from '../setup/temporal';

const RATING_SECRET = 'rating-link-secret-0123456789';
const LEAD = 'LJ-JB-HOUSING';
const SCREENSHOT = path.join(cacheDir, 'test', 'rating-page.png');
/** The ticket's own rules: automated follow-up by link, at any hour (the test may run at night). */
const rules: TicketRules = { ...defaultRules, followUp: { ...defaultRules.followUp, provider: 'link', windowStartHour: 0, windowEndHour: 24 } };

describe('the rating page in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let context: BrowserContext;
  let dataDir: string;
  let id: string;
  let link: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-rating-'));
    api = await apiHarness('rating', {
      ratingSecret: RATING_SECRET,
      // No SMS gateway URL: the messages are written to <dataDir>/sms.
      activities: {
        followUp: { provider: 'link', publicUrl: 'https://hotline.example.gov.cn', ratingSecret: RATING_SECRET },
        dataDir,
        logger: { info: () => undefined, warn: (m) => console.warn(m) },
      },
    });
    browser = await launchBrowser();
    context = await phoneContext(browser);

    id = ticketId('RATE');
    const handle = await startTicket(api.client, api.taskQueue, ticketInput(id, undefined, {}, rules));
    expect((await toFollowUp(handle, LEAD)).followUp?.queue).toBe('auto');
    // The first attempt runs at once and texts the citizen the link.
    const sms = path.join(dataDir, 'sms', `${id}.r0.a1.q0.txt`);
    const text = await eventually(
      async () => (fs.existsSync(sms) ? fs.readFileSync(sms, 'utf8') : ''),
      (t) => t !== '',
    );
    expect(text.startsWith(`To: ${intake().citizen.phone}\n`)).toBe(true);
    const token = /https:\/\/hotline\.example\.gov\.cn\/rate\/([\w-]+\.[\w-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    link = `${api.url}/rate/${token}`;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const stateOf = (): Promise<TicketState> => state(api.client.workflow.getHandle(id));

  test('plain HTTP: headers, no script or external asset; invalid, expired and incomplete submissions', async () => {
    const res = await api.http().get(new URL(link).pathname);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(res.text).not.toContain(intake().citizen.phone); // the citizen's own number is not shown

    const invalid = await api.http().get(`/rate/${link.split('/rate/')[1]!.slice(0, -2)}xx`);
    expect(invalid.status).toBe(404);
    expect(invalid.text).toContain('评价链接无效');
    const expired = createRatingToken({ ticket: id, requester: 0, round: 0, expiresAt: Date.now() - 1000 }, RATING_SECRET);
    const late = await api.http().get(`/rate/${expired}`);
    expect(late.status).toBe(410);
    expect(late.text).toContain('该评价链接已过期');
    const other = createRatingToken({ ticket: 'NO-SUCH-TICKET', requester: 0, round: 0, expiresAt: Date.now() + 60_000 }, RATING_SECRET);
    expect((await api.http().get(`/rate/${other}`)).status).toBe(404);

    const incomplete = await api.http().post(new URL(link).pathname).type('form').send({ satisfaction: 'satisfied' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('请选择满意程度和问题是否解决');
    expect(incomplete.text).toMatch(/value="satisfied" required checked/);
    expect((await stateOf()).followUps).toEqual([]);
  });

  test('open the SMS link on a phone, rate 不满意 + 未解决: back to the unit; the link is then used', async () => {
    const page = await context.newPage();
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    const shown = await page.locator('main').innerText();
    for (const expected of [
      id,
      intake().description,
      '物业管理',
      '江北区 滨江街道',
      replyInput.content,
      replyInput.handlerName,
      replyInput.handlerPhone,
    ]) {
      expect(shown).toContain(expected);
    }
    // Fits the phone's width: nothing scrolls sideways.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.getByText('不满意', { exact: true }).click();
    await page.getByText('未解决', { exact: true }).click();
    await page.getByLabel('其他意见（选填）').fill('电梯仍然经常停运');
    await Promise.all([page.waitForURL(link), page.getByRole('button', { name: '提交评价' }).click()]);
    expect(await page.locator('h2').innerText()).toBe('感谢您的评价');
    expect(await page.locator('main').innerText()).toContain('重新办理');

    const s = await stateOf();
    expect(s.status).toBe('rehandling');
    expect(s.followUps).toEqual([
      expect.objectContaining({
        requester: 0,
        satisfaction: 'unsatisfied',
        resolved: false,
        round: 0,
        by: 'rating-link',
        // The citizen's own rating on the platform is their follow-up (seed 003 已通过平台自行评价).
        source: 'platform',
        note: '短信评价链接：电梯仍然经常停运',
      }),
    ]);
    expect(s.history.find((h) => h.action === 'followUp')?.actor).toEqual({ id: 'rating-link', role: 'system' });

    await page.goto(link);
    expect(await page.locator('main').innerText()).toContain('该评价链接已使用，感谢您的反馈');
    // A form posted again from a stale tab changes nothing.
    const again = await api.http().post(new URL(link).pathname).type('form').send({ satisfaction: 'satisfied', resolved: 'yes' });
    expect(again.text).toContain('该评价链接已使用');
    expect((await stateOf()).followUps).toHaveLength(1);
    await page.close();
  });
});
