import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { type Browser, chromium, type Page } from 'playwright-core';
import { consoleFiles } from '../src/console/console-files';
import { CHROMIUM, CONSOLE_DIST, describeInBrowser, ensureConsoleBuilt } from './support/browser';

/*
 * The console's pages other than the board load as separate chunks: in Chromium, a page whose
 * chunk cannot be fetched says so and offers to try again (never a spinner forever), and trying
 * again loads it. The console's files are served by the API's own middleware; the API itself is
 * answered with empty lists, enough for the reminders page.
 */

jest.setTimeout(60_000);

/** An unsigned token the console reads (it never verifies one; the API does). */
function token(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: 'demo-officer', roles: ['officer'], name: 'Nguyễn Văn Tâm', exp: 4102444800 })}.x`;
}

describeInBrowser(`lazily loaded pages in Chromium (skipped only when ${CHROMIUM} is missing)`, () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt();
    const app = new ExpressAdapter().getInstance<Express>();
    app.use(consoleFiles(CONSOLE_DIST));
    app.use('/api', (_req, res) => {
      res.json({ items: [] });
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ locale: 'vi-VN' });
    // A script string: the tests' TypeScript has no DOM types.
    await context.addInitScript(`localStorage.setItem('console.token', ${JSON.stringify(token())})`);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loads the board without the chunks of the other pages', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/board`);
    await page.waitForSelector('.who-name[data-user="demo-officer"]');
    await page.waitForLoadState('networkidle');
    expect(scripts.some((s) => /\/assets\/index-[^/]+\.js$/.test(s))).toBe(true);
    expect(scripts.filter((s) => /\/(dashboard|project-page|plans|reminders|new-project|en)-[^/]+\.js$/.test(s))).toEqual([]);
    page.removeAllListeners('request');
  });

  it("starts with a script of its own, without React, that the board's reads go through", async () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    const first = /<script type="module"[^>]*\ssrc="\/(assets\/page-start-[^"]+\.js)"/.exec(html);
    expect(first).not.toBeNull();
    expect(html.indexOf(first?.[0] ?? '')).toBeLessThan(html.indexOf('<script type="module" crossorigin src="/assets/index-'));
    const script = readFileSync(join(CONSOLE_DIST, first?.[1] ?? ''), 'utf8');
    // Nothing to wait for: no import at all, so no React.
    expect(script).not.toMatch(/\bfrom\s*["']|\bimport\s*\(/);
    expect(script).toContain('/programmes');
    expect(script).toContain('/projects');
  });

  it("asks for the board's reads while React is still on its way, each once", async () => {
    const fresh = await page.context().newPage();
    const reads: string[] = [];
    fresh.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) reads.push(`${url.pathname}${url.search}`);
    });
    // React is held back until the projects are asked for (or 15 s pass): the reads must not wait for it.
    const projectsAsked = fresh.waitForRequest(/\/api\/v1\/projects\?/, { timeout: 15_000 }).catch(() => undefined);
    let readWhileHeld: string[] = [];
    await fresh.route(/\/assets\/react-[^/]+\.js$/, async (route) => {
      await projectsAsked;
      readWhileHeld = [...reads];
      await route.continue();
    });
    await fresh.goto(`${base}/board`);
    await fresh.waitForSelector('.who-name[data-user="demo-officer"]');
    await fresh.waitForLoadState('networkidle');
    expect(readWhileHeld).toEqual(expect.arrayContaining(['/api/v1/programmes', '/api/v1/stats', '/api/v1/reminders?assignee=me&limit=1', '/api/v1/areas/provinces', '/api/v1/projects?limit=100']));
    // The board, once rendered, found them in flight or answered: nothing is asked twice.
    expect(reads.filter((r, i) => reads.indexOf(r) !== i)).toEqual([]);
    await fresh.close();
  });

  it('loads English the first time someone chooses it', async () => {
    const english = page.waitForRequest(/\/assets\/en-[^/]+\.js$/);
    await page.click('button.lang-switch');
    await english;
    await page.waitForSelector('html[lang="en"]');
    expect(await page.locator('a.nav-link[href="/board"]').textContent()).toMatch(/board/i);
    await page.click('button.lang-switch');
    await page.waitForSelector('html[lang="vi"]');
    expect(await page.locator('a.nav-link[href="/board"]').textContent()).toMatch(/Bảng/);
  });

  it('shows an error with a way to try again when a page chunk fails, and loads it on retry', async () => {
    let blocked = true;
    await page.route(/\/assets\/reminders-[^/]+\.js$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.click('a.nav-link[href="/reminders"]');
    const alert = page.locator('[data-state="page-load-failed"][role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Không tải được trang này');
    expect(await page.locator('[role="status"]').count()).toBe(0);
    blocked = false;
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await page.waitForSelector('.page h1');
    expect(await alert.count()).toBe(0);
  });

  it('announces the loading page as a status in Vietnamese', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/assets\/dashboard-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.click('a.nav-link[href="/dashboard"]');
    const status = page.locator('main [role="status"]');
    await status.waitFor();
    expect(await status.textContent()).toBe('Đang tải…');
    release();
    await status.waitFor({ state: 'detached' });
  });
});
