// A real browser for the console's and the citizens' pages' tests: Debian's Chromium, headless,
// driven by playwright-core (nothing downloaded). One launch per test file. Screenshots go to test-output/<suite>/ (git-ignored); axe-core, injected
// from its own source, checks each screen for accessibility violations.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import { projectRoot } from '../../platform/paths';

export const CHROMIUM = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** 390 × 844 at 2×, touch, zh-CN: a common phone (the citizens' pages). */
export const phoneContext = (browser: Browser, extra: BrowserContextOptions = {}): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', ...extra });

/** The console's build, made now when its sources are newer (as `npm start` does). */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'build-console.mjs')], { cwd: projectRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}\n${r.stderr}`);
}

/** Collects what the page's content security policy refused (Chromium reports it on the console). */
export function cspViolations(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('Content Security Policy')) into.push(m.text());
  });
}

export function outputDir(suite: string): string {
  const dir = path.join(projectRoot, 'test-output', suite);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const axeSource = () => fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Strings, not functions: this file is compiled without the DOM's types.
  // Evaluated through the DevTools protocol, which the page's content security policy (no inline
  // script) does not govern; a script tag would be refused.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource());
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as { violations: unknown[] };
  return (results.violations as { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 300)}`) }));
}

/** Picks `option` in the Element Plus select labelled `label` (on a page, or inside a dialog). */
export async function choose(page: Page | Locator, label: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  // Its own placeholder covers the input (hence force), so wait for it to be enabled first.
  await box.and(box.page().locator(':enabled')).waitFor();
  await box.click({ force: true });
  const root = 'page' in page ? page.page() : page;
  await root.getByRole('option', { name: option, exact: true }).click();
  // The list closes (a transition) before anything under it can be clicked.
  await root.getByRole('listbox', { name: label, exact: true }).waitFor({ state: 'hidden' });
}
