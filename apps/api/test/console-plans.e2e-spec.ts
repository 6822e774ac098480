import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { signToken } from '@app/runtime';
import { CHROMIUM, describeInBrowser, ensureConsoleBuilt } from './support/browser';
import { createProgramme, driveTo } from './support/lifecycle';
import { startTestEngine, TEST_JWT_SECRET, TestEngine } from './support/test-engine';

/*
 * Annual plans and progress reports in the console, in a real browser (Debian's Chromium,
 * headless) against the whole engine: an officer drafts a plan of two recommended projects and
 * submits it, an approver of the department level finds the approval disabled, the demo approver
 * (the provincial People's Committee's authority) approves it, a later plan of a project approved
 * since is refused in Vietnamese, and the dashboard downloads the programme's progress report as
 * an Excel file.
 */

// The engine's clock and the browser's: after the appraisals, before any funding decision.
const NOW = '2026-04-09T02:00:00.000Z';
/** MAIN_PATH up to (without) the funding approval: the project is `recommended` for 150 m. */
const RECOMMENDED = 10;
const PLAN = 'article.plan-card:has(h3:text-is("Kế hoạch khuyến công năm 2026"))';
const LATER_PLAN = 'article.plan-card:has(h3:text-is("Kế hoạch bổ sung năm 2026"))';

jest.setTimeout(120_000);

describeInBrowser(`annual plans and progress reports in the console (skipped only when ${CHROMIUM} is missing)`, () => {
  let engine: TestEngine;
  let browser: Browser;
  let page: Page;
  let base: string;
  let programmeId: string;
  let projects: string[];

  async function signInAs(sub: string): Promise<void> {
    if (await page.locator('[data-action="sign-out"]').isVisible()) await page.click('[data-action="sign-out"]');
    await page.click(`button[data-sub="${sub}"]`);
    await page.waitForSelector(`.who-name[data-user="${sub}"]`);
  }

  async function signInWithToken(claims: Parameters<typeof signToken>[1]): Promise<void> {
    if (await page.locator('[data-action="sign-out"]').isVisible()) await page.click('[data-action="sign-out"]');
    await page.fill('textarea[name="token"]', signToken(TEST_JWT_SECRET, claims, 600, { issuer: engine.config.auth.issuer, audience: engine.config.auth.audience }));
    await page.click('form[data-form="token"] button[type="submit"]');
    await page.waitForSelector('[data-action="sign-out"]');
  }

  const openPlans = async () => {
    await page.goto(`${base}/programmes/${programmeId}/plans`);
    await page.waitForSelector('.plans-page #plans');
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    engine = await startTestEngine({ env: { DEV_FEATURES: 'on' } });
    programmeId = await createProgramme(engine, 1_000_000_000);
    projects = [await driveTo(engine, programmeId, RECOMMENDED), await driveTo(engine, programmeId, RECOMMENDED)];
    engine.clock.set(NOW);
    await engine.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(engine.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
    page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('an officer drafts a plan of the two recommended projects from the dashboard and submits it', async () => {
    await page.goto(`${base}/dashboard?programme=${programmeId}`);
    await page.waitForSelector('.sign-in');
    await signInAs('demo-officer');
    await page.goto(`${base}/dashboard?programme=${programmeId}`);
    await page.click('.plans-link a');
    await page.waitForSelector('.plans-page');
    await expect(page.locator('h1').textContent()).resolves.toBe('Kế hoạch khuyến công');

    await page.click('button[data-action="CreatePlan"]');
    const form = 'form[data-form="CreatePlan"]';
    for (const id of projects) await page.waitForSelector(`${form} tr[data-candidate="${id}"]`);
    // Nothing picked: refused before sending.
    await page.click(`${form} button[type="submit"]`);
    await expect(page.locator(`${form} [data-field="items"] .field-error`).textContent()).resolves.toBe('Chọn ít nhất một đề án.');
    for (const id of projects) {
      await page.check(`${form} input[name="projectId"][value="${id}"]`);
      // The recommended support is the default.
      await expect(page.inputValue(`${form} input[name="amount.${id}"]`)).resolves.toBe('150.000.000');
    }
    await page.fill(`${form} input[name="amount.${projects[1]}"]`, '120.000.000');
    await expect(page.locator(`${form} [data-new-plan-total]`).getAttribute('data-new-plan-total')).resolves.toBe('270000000');
    await page.click(`${form} button[type="submit"]`);

    const plan = page.locator(`${PLAN}[data-plan-status="draft"]`);
    await plan.waitFor();
    await expect(plan.locator('.badge').textContent()).resolves.toBe('Dự thảo');
    await expect(plan.locator('[data-plan-total]').getAttribute('data-plan-total')).resolves.toBe('270000000');
    await expect(plan.locator('tbody tr').count()).resolves.toBe(2);
    await expect(plan.textContent()).resolves.toContain('Dây chuyền sản xuất kẹo khóm');

    await plan.locator('button[data-action="SubmitPlan"]').click();
    await page.locator(`${PLAN}[data-plan-status="submitted"] .badge:has-text("Đã trình")`).waitFor();

    // A second plan with the first project, submitted too: it can no longer be approved after the first.
    await page.click('button[data-action="CreatePlan"]');
    await page.fill(`${form} [name="title"]`, 'Kế hoạch bổ sung năm 2026');
    await expect(page.locator(`${form} tr[data-candidate="${projects[0]}"] [data-in-plan]`).textContent()).resolves.toContain('đã có trong kế hoạch «Kế hoạch khuyến công năm 2026»');
    await page.check(`${form} input[name="projectId"][value="${projects[0]}"]`);
    await page.click(`${form} button[type="submit"]`);
    await page.locator(`${LATER_PLAN}[data-plan-status="draft"] button[data-action="SubmitPlan"]`).click();
    await page.locator(`${LATER_PLAN}[data-plan-status="submitted"]`).waitFor();
  });

  it('an approver of the department level sees the approval disabled, naming the level it needs', async () => {
    await signInWithToken({ sub: 'approver-dept', roles: ['approver'], name: 'Lãnh đạo Sở', authority: 'department' });
    await openPlans();
    const form = page.locator(`${PLAN}[data-plan-status="submitted"] form[data-form="ApprovePlan"]`);
    await form.waitFor();
    await expect(form.locator('button[type="submit"]').isDisabled()).resolves.toBe(true);
    await expect(form.locator('[data-blocked="authority"]').textContent()).resolves.toBe('Cần thẩm quyền: UBND tỉnh');
  });

  it('the demo approver (UBND tỉnh) approves the plan: every project of it is approved', async () => {
    await page.click('[data-action="sign-out"]');
    await signInAs('demo-approver');
    await openPlans();
    const form = `${PLAN}[data-plan-status="submitted"] form[data-form="ApprovePlan"]`;
    await page.waitForSelector(form);
    await expect(page.inputValue(`${form} [name="decidedOn"]`)).resolves.toBe('09/04/2026');
    await page.fill(`${form} [name="decisionNo"]`, '1234/QĐ-UBND');
    await page.click(`${form} button[type="submit"]`);
    const approved = page.locator(`${PLAN}[data-plan-status="approved"]`);
    await approved.waitFor();
    await expect(approved.locator('.badge').textContent()).resolves.toBe('Đã phê duyệt');
    await expect(approved.textContent()).resolves.toContain('Quyết định số 1234/QĐ-UBND ngày 09/04/2026');

    const auditor = engine.auth('auditor-1', ['auditor']);
    for (const [i, id] of projects.entries()) {
      const project = await engine.http.get(`/api/v1/projects/${id}?minPosition=${await engine.lastPosition()}`).set(auditor).expect(200);
      expect(project.body).toMatchObject({ status: 'approved', amounts: { approvedVnd: [150_000_000, 120_000_000][i] } });
    }

    // The second plan's project has been approved since: the refusal in Vietnamese, naming the project by its title.
    const later = `${LATER_PLAN} form[data-form="ApprovePlan"]`;
    await page.fill(`${later} [name="decisionNo"]`, '1300/QĐ-UBND');
    await page.click(`${later} button[type="submit"]`);
    const refusal = page.locator(`${later} [data-code="PLAN.PROJECT_CHANGED"]`);
    await refusal.waitFor();
    await expect(refusal.locator('strong').textContent()).resolves.toBe(
      'Có đề án trong kế hoạch không còn ở trạng thái được đề xuất hỗ trợ (Dây chuyền sản xuất kẹo khóm). Lập kế hoạch mới.',
    );
    await expect(page.locator(`${LATER_PLAN}[data-plan-status="submitted"]`).count()).resolves.toBe(1);
  });

  it('the dashboard downloads the progress report of a quarter as Excel, under the name the engine gives', async () => {
    await page.goto(`${base}/dashboard?programme=${programmeId}`);
    const report = page.locator('#progress-report');
    await report.waitFor();
    await report.locator('select[name="period"]').selectOption('2026-Q2');
    const [download] = await Promise.all([page.waitForEvent('download'), report.locator('button[data-download="xlsx"]').click()]);
    expect(download.suggestedFilename()).toBe('Báo cáo tiến độ KCDP-LA-2026-1000000000 2026-Q2.xlsx');
    const saved = join(tmpdir(), `grants-report-${process.pid}.xlsx`);
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    rmSync(saved, { force: true });
    expect(bytes.length).toBeGreaterThan(0);
    // An XLSX workbook is a ZIP archive.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
