import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Authority, Role } from '@app/domain';
import { CHROMIUM, describeInBrowser, ensureConsoleBuilt } from './support/browser';
import { createProgramme, DRAFT, MAIN_PATH, type Person, type Step } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

/*
 * The console speaks Vietnamese with names, not codes: every page, as an officer and as an
 * auditor, in a real browser (Debian's Chromium, headless) against the whole engine. A page fails
 * when its visible text holds a word of the console's own English (a message left untranslated,
 * a channel or criterion code, developer jargon), a bare five-digit commune code, the policy's id
 * or two text nodes glued together ("Cấp tỉnhĐề xuất"). The data below is all Vietnamese, so
 * any English on screen comes from the console. The request log is checked too: one read of the
 * projects per board, no demo-user list once signed in, and no page left loading.
 */

const NOW = '2026-06-25T02:00:00.000Z';
/** MAIN_PATH up to (with) the first tranche's request: scores, a contract and tranches to show. */
const TRANCHE_REQUESTED = 15;

/** The scenario's people as the demo users, so the pages can name them. */
const DEMO: Record<Person, { sub: string; roles: Role[]; areas?: string[]; authority?: Authority }> = {
  admin: { sub: 'demo-admin', roles: ['admin'] },
  officer: { sub: 'demo-officer', roles: ['officer'], areas: ['80'] },
  officerElsewhere: { sub: 'demo-officer', roles: ['officer'], areas: ['80'] },
  collaborator: { sub: 'demo-officer', roles: ['officer'], areas: ['80'] },
  a1: { sub: 'demo-appraiser-1', roles: ['appraiser'] },
  a2: { sub: 'demo-appraiser-2', roles: ['appraiser'] },
  a3: { sub: 'demo-appraiser-3', roles: ['appraiser'] },
  a4: { sub: 'demo-appraiser-4', roles: ['appraiser'] },
  approver: { sub: 'demo-approver', roles: ['approver'], authority: 'people_committee' },
  accountant: { sub: 'demo-accountant', roles: ['accountant'] },
  finance: { sub: 'demo-accountant', roles: ['accountant'] },
  auditor: { sub: 'demo-auditor', roles: ['auditor'] },
};

/**
 * Words of the console's own English (messages, codes, jargon) that no Vietnamese page should
 * show; chosen so that no Vietnamese word, name or place contains them as a whole word.
 */
const ENGLISH = [
  'inbox', 'webhook', 'email', 'fit', 'necessity', 'cost', 'capacity', 'dossier', 'production', 'development', 'JWT', 'npm', 'cli',
  'token', 'loading', 'submit', 'cancel', 'error', 'status', 'project', 'projects', 'draft', 'programme', 'policy', 'appraisal',
  'tranche', 'officer', 'approver', 'accountant', 'auditor', 'reminder', 'budget', 'commune', 'province', 'undefined', 'null',
  'NaN', 'true', 'false', 'Invalid Date', 'retry', 'the', 'and', 'of', 'yes', 'no',
];
const ENGLISH_WORD = new RegExp(`(?<![\\p{L}\\p{N}_-])(${ENGLISH.join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
/** A commune's code on its own (amounts read 150.000.000, dates 25/06/2026: neither matches). */
const COMMUNE_CODE = /(?<![\d./])\d{5}(?![\d./])/gu;
/** Two text nodes run together: a capital right after a lower-case letter, a digit or a comma, colon or bracket ("tỉnhĐề", "7,45Điểm"). */
const GLUED = /[\p{Ll}\p{N},:;)]\p{Lu}/gu;
/** An identifier shown as it is: snake_case or CamelCase codes of the engine. */
const CODE = /\b([a-z]+_[a-z_]+|[A-Z][a-z]+[A-Z][A-Za-z]+|[A-Z]{2,}_[A-Z_]+)\b/gu;

/** What is wrong with a page's visible text, as readable findings (empty when nothing). */
function findings(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(ENGLISH_WORD)) found.push(`English "${m[1]}" in: ${line}`);
    for (const m of line.matchAll(COMMUNE_CODE)) found.push(`a bare code ${m[0]} in: ${line}`);
    for (const m of line.matchAll(GLUED)) found.push(`text run together "${m[0]}" in: ${line}`);
    for (const m of line.matchAll(CODE)) found.push(`an identifier ${m[0]} in: ${line}`);
    if (line.includes('vn-longan-local-2022')) found.push(`the policy id in: ${line}`);
  }
  return found;
}

/**
 * What a screen reader reads of a page: the names and texts of its accessibility tree (from
 * Playwright's ARIA snapshot, without the roles, attributes and link addresses).
 */
function spokenText(snapshot: string): string {
  const spoken: string[] = [];
  for (const line of snapshot.split('\n')) {
    const m = /^\s*- (\/?[\w-]+)(?: "((?:[^"\\]|\\.)*)")?(?: \[[^\]]*\])*:?\s*(.*)$/u.exec(line);
    if (!m || m[1]?.startsWith('/')) continue;
    if (m[2]) spoken.push(m[2].replace(/\\"/g, '"'));
    if (m[3]) spoken.push(m[3].replace(/^"|"$/g, ''));
  }
  return spoken.join('\n');
}

jest.setTimeout(180_000);

describe('the language check itself', () => {
  it('finds English words, bare codes, glued text and identifiers, and lets Vietnamese, amounts and dates through', () => {
    expect(findings('Xã 27811 · Địa bàn: Xã 27943, 80')).toEqual([expect.stringContaining('27811'), expect.stringContaining('27943')]);
    expect(findings('Tiêu chí: fit / necessity')).toEqual([expect.stringContaining('"fit"'), expect.stringContaining('"necessity"')]);
    expect(findings('Nhắc việc · inbox')).toEqual([expect.stringContaining('"inbox"')]);
    expect(findings('Cấp tỉnhĐề xuất hỗ trợ')).toEqual([expect.stringContaining('hĐ')]);
    expect(findings('Điểm trung bình 7,45Đạt')).toEqual([expect.stringContaining('5Đ')]);
    expect(findings('Loại: household_business')).toEqual([expect.stringContaining('household_business')]);
    expect(findings('Đang tải…')).toEqual([]);
    expect(spokenText('- heading "Cấp tỉnh Đề xuất hỗ trợ" [level=3]\n- link "Bảng đề án":\n  - /url: /board\n- text: Phường Long An, Tây Ninh')).toBe('Cấp tỉnh Đề xuất hỗ trợ\nBảng đề án\nPhường Long An, Tây Ninh');
    expect(findings('Đề nghị 150.000.000 ₫ ngày 25/06/2026 09:00, Phường Long An, Tây Ninh; HĐ-07/2026/KC; UNC-2026-0001; 0912345678')).toEqual([]);
  });
});

describeInBrowser(`the console in Vietnamese, names not codes (skipped only when ${CHROMIUM} is missing)`, () => {
  let engine: TestEngine;
  let browser: Browser;
  let page: Page;
  let base: string;
  let programmeId: string;
  let projectId: string;
  let draftId: string;
  /** GET requests to the API since the last page load, as path and query. */
  const gets: string[] = [];

  const auth = (person: Person) => {
    const p = DEMO[person];
    return engine.auth(p.sub, p.roles, p.areas, p.authority);
  };

  /** A draft driven along the main path by the demo users, up to `stopBefore`. */
  async function drive(stopBefore: number): Promise<string> {
    engine.clock.set('2026-03-02T02:00:00Z');
    const created = await engine.http.post('/api/v1/projects').set(auth('officer')).send({ ...DRAFT, programmeId }).expect(201);
    const id = created.body.id as string;
    for (const step of MAIN_PATH.slice(0, stopBefore) as Step[]) {
      engine.clock.set(step.at);
      const body = step.command === 'OpenAppraisal' ? { panel: ['demo-appraiser-1', 'demo-appraiser-2', 'demo-appraiser-3', 'demo-appraiser-4'] } : step.body;
      const url = `/api/v1/projects/${id}${step.path ? `/${step.path}` : ''}`;
      const res = await (step.method === 'patch' ? engine.http.patch(url) : engine.http.post(url)).set(auth(step.person)).send(body);
      if (res.status >= 300) throw new Error(`${step.command} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return id;
  }

  async function signInAs(sub: string): Promise<void> {
    await page.goto(base);
    if (await page.locator('[data-action="sign-out"]').isVisible()) await page.click('[data-action="sign-out"]');
    await page.click(`button[data-sub="${sub}"]`);
    await page.waitForSelector(`.who-name[data-user="${sub}"]`);
  }

  /** Opens a route afresh and waits until it has settled: no request for a while, nothing loading. */
  async function visit(path: string, ready: string): Promise<string> {
    // Off the previous page first, so none of its requests count for this one.
    await page.goto('about:blank');
    gets.length = 0;
    await page.goto(`${base}${path}`);
    await page.waitForSelector(ready);
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('[data-loading]', { state: 'detached' });
    return page.locator('body').innerText();
  }

  const projectReads = () => gets.filter((g) => g.split('?')[0] === '/api/v1/projects');

  beforeAll(async () => {
    ensureConsoleBuilt();
    engine = await startTestEngine({ env: { DEV_FEATURES: 'on' } });
    programmeId = await createProgramme(engine, 1_000_000_000);
    projectId = await drive(TRANCHE_REQUESTED);
    draftId = await drive(0);
    engine.clock.set(NOW);
    await engine.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(engine.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.clock.setFixedTime(new Date(NOW));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && url.pathname.startsWith('/api/')) gets.push(`${url.pathname}${url.search}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('the sign-in page speaks to staff, not developers', async () => {
    await page.goto(base);
    await page.waitForSelector('button[data-sub="demo-officer"]');
    const text = await page.locator('body').innerText();
    expect(findings(text)).toEqual([]);
    expect(text).toContain('Mã truy cập');
  });

  const routes = (): readonly { path: string; ready: string }[] => [
    { path: '/board', ready: `[data-project="${projectId}"] .area-name:has-text("Phường Long An")` },
    { path: `/projects/${projectId}`, ready: '.project-page #timeline .policy-name:has-text("Khuyến công địa phương")' },
    { path: '/reminders', ready: '.page h1' },
    { path: `/dashboard?programme=${programmeId}`, ready: '#funnel canvas' },
    { path: `/programmes/${programmeId}/plans`, ready: '.plans-page #plans' },
    { path: '/projects/new', ready: 'form[data-form="CreateProjectDraft"], [data-refused]' },
  ];

  for (const [role, sub] of [
    ['officer', 'demo-officer'],
    ['auditor', 'demo-auditor'],
  ] as const) {
    it(`every page reads in Vietnamese, by name, for the ${role}`, async () => {
      await signInAs(sub);
      const problems: string[] = [];
      for (const route of routes()) {
        const text = await visit(route.path, route.ready);
        problems.push(...findings(text).map((f) => `${route.path}: ${f}`));
        const spoken = spokenText(await page.locator('body').ariaSnapshot());
        problems.push(...findings(spoken).map((f) => `${route.path} (read aloud): ${f}`));
        // Signed in, the demo users are not asked for again; nothing is read twice, and one read of the projects makes a board.
        const people = gets.filter((g) => g.startsWith('/api/v1/console/dev/people'));
        if (people.length > 0) problems.push(`${route.path}: the demo users asked for ${people.length} times while signed in`);
        const twice = [...new Set(gets.filter((g, i) => gets.indexOf(g) !== i))];
        if (twice.length > 0) problems.push(`${route.path}: read more than once: ${twice.join(', ')}`);
        if (route.path === '/board' && projectReads().length !== 1) problems.push(`/board: the projects read ${projectReads().length} times: ${projectReads().join(', ')}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('the project page names the place, the criteria and the policy', async () => {
    await signInAs('demo-officer');
    await visit(`/projects/${projectId}`, '#summary .area-name:has-text("Phường Long An")');
    await expect(page.locator('#summary .area-name').innerText()).resolves.toBe('Phường Long An, Tây Ninh');
    await expect(page.locator('.scores-table thead').innerText()).resolves.toContain('Hồ sơ đầy đủ');
    const policy = page.locator('#timeline .policy-name').first();
    await expect(policy.getAttribute('title')).resolves.toBe('Mã chính sách vn-longan-local-2022, phiên bản 1');
    await expect(page.locator('#appraisal h3').first().innerText()).resolves.toMatch(/^Cấp \S.* \S/u);
  });

  it('the new-project form picks the province and the commune by name, from the keyboard, and keeps their codes', async () => {
    await signInAs('demo-officer');
    await visit('/projects/new', 'form[data-form="CreateProjectDraft"]');
    const form = 'form[data-form="CreateProjectDraft"]';
    await page.fill(`${form} .province-filter`, 'tay ninh');
    await expect(page.locator(`${form} [data-field="beneficiary.province"] [aria-live]`).innerText()).resolves.toMatch(/^\d+ tỉnh\/thành phố khớp/u);
    await page.selectOption(`${form} [name="beneficiary.province"]`, '');
    await page.press(`${form} .province-filter`, 'Enter');
    await expect(page.inputValue(`${form} [name="beneficiary.province"]`)).resolves.toBe('80');
    await expect(page.locator(`${form} [name="beneficiary.province"] option:checked`).innerText()).resolves.toBe('Tây Ninh');
    await page.fill(`${form} .area-filter`, 'phuong long an');
    await page.press(`${form} .area-filter`, 'Enter');
    await expect(page.inputValue(`${form} [name="beneficiary.commune"]`)).resolves.toBe('27694');
    await expect(page.locator(`${form} [name="beneficiary.commune"] option:checked`).innerText()).resolves.toBe('Phường Long An');
    // Enter chose; it did not send the form.
    await expect(page.locator(`${form} .field-error`).count()).resolves.toBe(0);
    await page.press(`${form} .area-filter`, 'ArrowDown');
    await expect(page.locator(`${form} [name="beneficiary.commune"]:focus`).count()).resolves.toBe(1);
  });

  it('every form the officer may open on a project, a draft and one in implementation, reads in Vietnamese', async () => {
    await signInAs('demo-officer');
    const problems: string[] = [];
    let forms = 0;
    for (const id of [draftId, projectId]) {
      await visit(`/projects/${id}`, '#actions');
      for (const action of await page.locator('#actions button[data-action]:not([disabled])').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action') ?? ''))) {
        await page.click(`#actions button[data-action="${action}"]`);
        const form = page.locator(`form[data-form="${action}"]`);
        await form.waitFor();
        await page.waitForLoadState('networkidle');
        forms += 1;
        problems.push(...findings(await form.innerText()).map((f) => `${action}: ${f}`));
        problems.push(...findings(spokenText(await form.ariaSnapshot())).map((f) => `${action} (read aloud): ${f}`));
        await page.click(`#actions button[data-action="${action}"]`);
        await form.waitFor({ state: 'detached' });
      }
    }
    expect(problems).toEqual([]);
    expect(forms).toBeGreaterThan(4);
  });

  it('an auditor on the new-project page sees why not, and nothing left loading', async () => {
    await signInAs('demo-auditor');
    const text = await visit('/projects/new', '[data-refused]');
    expect(text).toContain('không được thực hiện thao tác này');
    await expect(page.locator('[data-loading]').count()).resolves.toBe(0);
    await expect(page.locator('form[data-form="CreateProjectDraft"]').count()).resolves.toBe(0);
  });

  it('a read that does not answer offers a retry after a while, and the retry loads the page', async () => {
    // A page of its own with the browser's timers under the test's hand: "a while" passes at once.
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const slow = await context.newPage();
    await slow.clock.install({ time: new Date(NOW) });
    let stall = false;
    await slow.route('**/api/v1/programmes', (route) => (stall ? undefined : route.continue()));
    await slow.goto(base);
    await slow.click('button[data-sub="demo-officer"]');
    await slow.waitForSelector('.who-name[data-user="demo-officer"]');
    stall = true;
    await slow.goto(`${base}/projects/new`);
    await slow.waitForSelector('[data-loading]');
    await expect(slow.locator('[data-loading] button[data-action="retry"]').count()).resolves.toBe(0);
    await slow.clock.runFor(9000);
    const retry = slow.locator('[data-loading] button[data-action="retry"]');
    await retry.waitFor();
    await expect(slow.locator('[data-loading]').innerText()).resolves.toContain('máy chủ trả lời chậm');
    stall = false;
    await retry.click();
    await slow.waitForSelector('form[data-form="CreateProjectDraft"]');
    await context.close();
  });

  it('a place whose names cannot be had shows its codes instead of waiting for ever', async () => {
    await signInAs('demo-officer');
    await page.route('**/api/v1/areas/**', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503 }) }));
    await page.goto(`${base}/projects/${projectId}`);
    // Not "…" for ever: the codes, as the engine recorded them.
    await page.waitForSelector('#summary .area-name:not([aria-busy])');
    await expect(page.locator('#summary .area-name').innerText()).resolves.toBe('27694, 80');
    await page.unroute('**/api/v1/areas/**');
  });

  it('a failed read shows the engine’s problem with a retry, and the retry loads the page', async () => {
    await signInAs('demo-officer');
    let fail = true;
    await page.route('**/api/v1/programmes', (route) =>
      fail ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, title: 'Service Unavailable' }) }) : route.continue(),
    );
    await page.goto(`${base}/projects/new`);
    const retry = page.locator('.notice-error button[data-action="retry"]');
    await retry.waitFor();
    fail = false;
    await retry.click();
    await page.waitForSelector('form[data-form="CreateProjectDraft"]');
    await page.unroute('**/api/v1/programmes');
  });
});
