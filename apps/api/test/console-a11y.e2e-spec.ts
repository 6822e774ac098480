import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM, describeInBrowser, ensureConsoleBuilt, ROOT } from './support/browser';
import { createProgramme, driveTo, payOrders } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

/*
 * The console's accessibility in a real browser (Debian's Chromium, headless): every page, as an
 * officer and as an auditor, at a desktop and a phone size, has no serious or critical axe-core
 * violation of WCAG 2.1 A and AA; a page change moves focus to the page's heading, gives the page
 * its own title and announces it; a refused form puts focus on its first invalid field; on a phone
 * the score and payment tables become cards that show every column and the board a status
 * switcher with counts.
 */

const NOW = '2026-06-24T02:00:00.000Z';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
// The main path up to (without) the amendment, with tranche 1 paid before it: scores, a conflict, tranches and a payment.
const PAID = 16;

jest.setTimeout(120_000);

/** The contrast ratio of two `rgb(r, g, b)` colours (WCAG 2.1's relative luminance). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r = 0, g = 0, bl = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

interface Violation {
  readonly id: string;
  readonly impact: string;
  readonly targets: readonly string[];
}

describeInBrowser(`the console's accessibility in Chromium (skipped only when ${CHROMIUM} is missing)`, () => {
  let engine: TestEngine;
  let browser: Browser;
  let page: Page;
  let base: string;
  let programmeId: string;
  let draft: string;
  let paid: string;

  async function signInAs(sub: string): Promise<void> {
    if (await page.locator('[data-action="sign-out"]').isVisible()) await page.click('[data-action="sign-out"]');
    await page.click(`button[data-sub="${sub}"]`);
    await page.waitForSelector(`.who-name[data-user="${sub}"]`);
  }

  /** Opens `path` signed in as `sub` (each test can run alone). */
  async function openAs(sub: string, path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('.sign-in, .who-name');
    if (!(await page.locator(`.who-name[data-user="${sub}"]`).isVisible())) await signInAs(sub);
  }

  /** Waits until the page shows its heading and has nothing left loading. */
  async function settled(): Promise<void> {
    await page.waitForSelector('main h1');
    await page.waitForSelector('main [role="status"].muted', { state: 'detached' });
  }

  /** The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is. */
  async function violations(): Promise<Violation[]> {
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
    return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((r) =>
      r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
  }

  /** Goes to a console path as its links do (the router's event, no reload). */
  async function go(path: string): Promise<void> {
    await page.evaluate(`document.querySelector('main h1')?.setAttribute('data-left', ''); history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new Event('console:navigate'))`);
  }

  /** Goes to a console path and waits for the new page to settle. */
  async function visit(path: string): Promise<void> {
    const url = new URL(page.url());
    if (`${url.pathname}${url.search}` === path) return settled();
    await go(path);
    await page.waitForSelector('main h1:not([data-left])');
    await settled();
  }

  /** Visits each path and collects what axe finds there, under "path @ width". */
  async function audit(paths: readonly string[]): Promise<Record<string, Violation[]>> {
    const found: Record<string, Violation[]> = {};
    for (const path of paths) {
      await visit(path);
      const v = await violations();
      if (v.length > 0) found[`${path} @ ${page.viewportSize()?.width}`] = v;
    }
    return found;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    engine = await startTestEngine({ env: { DEV_FEATURES: 'on' } });
    programmeId = await createProgramme(engine, 1_000_000_000);
    draft = await driveTo(engine, programmeId, 0);
    await driveTo(engine, programmeId, 2);
    await driveTo(engine, programmeId, 10);
    paid = await driveTo(engine, programmeId, PAID + 1, undefined, payOrders(engine));
    engine.clock.set(NOW);
    await engine.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(engine.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    // axe-core is injected as an inline script, which the console's CSP would refuse.
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', bypassCSP: true });
    page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('has no serious or critical WCAG 2.1 A/AA violation on any page, as an officer and an auditor, on a desktop and a phone', async () => {
    const found: Record<string, Violation[]> = {};
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(base);
      await page.waitForSelector('.sign-in');
      const signIn = await violations();
      if (signIn.length > 0) found[`sign-in @ ${size.width}`] = signIn;
      await signInAs('demo-officer');
      Object.assign(found, await audit(['/board', '/projects/new', `/projects/${draft}`, `/projects/${paid}`, '/reminders', `/dashboard?programme=${programmeId}`, `/programmes/${programmeId}/plans`]));
      await signInAs('demo-auditor');
      Object.assign(found, await audit(['/board', `/projects/${paid}`, '/reminders', `/dashboard?programme=${programmeId}`]));
      await page.click('[data-action="sign-out"]');
    }
    expect(found).toEqual({});
  });

  it('moves focus to the heading, retitles the page and announces it on every page change', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(base);
    await signInAs('demo-officer');
    await settled();
    const titles = new Set<string>();
    for (const link of ['a[href="/reminders"]', 'a[href="/dashboard"]', 'a[href="/projects/new"]', 'a[href="/board"]']) {
      await page.click(link);
      await settled();
      await page.waitForSelector('main h1:focus');
      const heading = (await page.locator('main h1').textContent()) ?? '';
      const title = await page.title();
      expect(title).toContain(heading);
      titles.add(title);
      await expect(page.locator('[data-page-announcer]').textContent()).resolves.toContain(heading);
    }
    expect(titles.size).toBe(4);
    // Into a project from the board: its title is the project's.
    await page.click(`a[href="/projects/${paid}"]`);
    await page.waitForSelector('.project-page h1:focus');
    expect(await page.title()).toContain('Dây chuyền sản xuất kẹo khóm');
    // A page that cannot be shown is named by its error.
    await page.click('a[href="/board"]');
    await settled();
    await go('/projects/no-such-project');
    const error = page.locator('main .notice-error:focus');
    await error.waitFor();
    expect(await page.title()).toBe(`${(await error.textContent()) ?? '—'} · Khuyến công`);
  });

  it('puts focus on the first invalid field of a refused form; required fields say so', async () => {
    await openAs('demo-officer', '/projects/new');
    const form = 'form[data-form="CreateProjectDraft"]';
    await page.waitForSelector(form);
    await expect(page.locator(`${form} [name="title"]`).getAttribute('required')).resolves.not.toBeNull();
    await expect(page.locator(`${form} [name="plannedStart"]`).getAttribute('required')).resolves.not.toBeNull();
    await page.click(`${form} button[type="submit"]`);
    await page.waitForSelector(`${form} [name="title"]:focus`);
    await expect(page.locator(`${form} [name="title"]`).getAttribute('aria-invalid')).resolves.toBe('true');
    // The focus shows: its ring is at least 3:1 against the white of a form and the grey of the page.
    const ring = (await page.evaluate('(({ outlineStyle, outlineWidth, outlineColor }) => ({ outlineStyle, outlineWidth, outlineColor }))(getComputedStyle(document.activeElement))')) as Record<string, string>;
    expect(ring.outlineStyle).not.toBe('none');
    expect(parseFloat(ring.outlineWidth ?? '0')).toBeGreaterThanOrEqual(2);
    const ground = (await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')) as string;
    expect(Math.min(contrast(ring.outlineColor ?? '', 'rgb(255, 255, 255)'), contrast(ring.outlineColor ?? '', ground))).toBeGreaterThanOrEqual(3);
    // The messages drawn beside the fields break no rule either.
    expect(await violations()).toEqual([]);
  });

  it('on a phone, the score and payment tables become cards with every column, and the board a status switcher with counts', async () => {
    await page.setViewportSize(PHONE);
    await openAs('demo-officer', `/projects/${paid}`);
    await page.waitForSelector('.scores-table tbody tr');
    const within = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= PHONE.width).toBe(true);
    };
    // The weighted score and the mean of each appraiser, and the panel's mean, within the screen.
    for (const cell of ['.scores-table tbody tr [data-cell="weighted"]', '.scores-table tbody tr [data-cell="dossier"]', '.scores-table tfoot [data-cell="mean"]']) await within(cell);
    await expect(page.locator('.scores-table tbody tr [data-cell="weighted"]').first().isVisible()).resolves.toBe(true);
    await within('tr[data-tranche="1"] [data-cell="paid"]');
    // Tables that may still scroll are regions the keyboard reaches, by name.
    for (const region of await page.locator('.table-scroll').all()) {
      await expect(region.getAttribute('role')).resolves.toBe('region');
      await expect(region.getAttribute('tabindex')).resolves.toBe('0');
      await expect(region.getAttribute('aria-label')).resolves.toBeTruthy();
    }
    // Each value is written beside its column's name (the table's head is out of sight).
    await expect(page.evaluate(`getComputedStyle(document.querySelector('tr[data-tranche="1"] [data-cell="paid"]'), '::before').content`)).resolves.toBe('"Đã trả"');
    await expect(page.evaluate(`getComputedStyle(document.querySelector('.scores-table tbody [data-cell="weighted"]'), '::before').content`)).resolves.toBe('"Điểm có trọng số"');

    await page.goto(`${base}/board`);
    // One status at a time, chosen from a list that counts the projects of each.
    const switcher = page.locator('.board-switch select');
    await switcher.waitFor();
    await page.waitForSelector('.column[data-column="implementation"] [data-project]', { state: 'attached' });
    await expect(switcher.locator('option[value="implementation"]').textContent()).resolves.toBe('Thực hiện (1)');
    await expect(switcher.locator('option[value="closed"]').textContent()).resolves.toMatch(/\(0\)$/);
    await page.locator('.column[data-column="draft"] [data-project]').waitFor();
    await switcher.selectOption('decision');
    await page.locator('.column[data-column="decision"] [data-project]').waitFor();
    await expect(page.locator('.column[data-column="draft"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('.board-more').isVisible()).resolves.toBe(false);
  });

  it('on a desktop, the board that scrolls sideways shows it and can be scrolled from the keyboard', async () => {
    await page.setViewportSize(DESKTOP);
    await openAs('demo-officer', '/board');
    const region = page.locator('.board[role="region"]');
    await region.waitFor();
    await expect(region.getAttribute('tabindex')).resolves.toBe('0');
    await expect(region.getAttribute('aria-label')).resolves.toBeTruthy();
    // Every column is there; the ones out of sight are a button or a key press away.
    await expect(page.locator('.column').count()).resolves.toBe(10);
    const more = page.locator('.board-more');
    await expect(more.isVisible()).resolves.toBe(true);
    const scrolled = () => page.evaluate('document.querySelector(".board").scrollLeft') as Promise<number>;
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => (await scrolled()) > 0);
    await page.evaluate('document.querySelector(".board").scrollLeft = 0');
    await more.click();
    await until(async () => (await scrolled()) > 0);
  });
});
