import type { EngineConfig } from '@app/config';
import { type DocumentKind, type DossierStep, localDateOf } from '@app/domain';
import { signToken } from '@app/runtime';
import { APPRAISERS, DEMO_PEOPLE, DEMO_PROJECTS, type DemoProject, type PersonKey } from './demo-data';
import { DEMO_POLICY_ID, demoDocument, kindName, requiredKinds } from './demo-dossier';
import { type CommandResult, EngineClient, StepRefusedError } from './engine-client';

// The loader signs its own tokens; an hour is ample for a run of a few seconds.
const TOKEN_TTL_SECONDS = 3600;
const PROGRAMME_BUDGET_VND = 3_000_000_000;
// Tranche schedule of every demo contract: the 70 % advance the policy allows, the rest on acceptance.
const ADVANCE_PERCENT = 70;

interface ProgrammeItem {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly budget: { readonly totalVnd: number; readonly reservedVnd: number; readonly committedVnd: number; readonly disbursedVnd: number; readonly availableVnd: number };
}

interface ProjectItem {
  readonly id: string;
  readonly status: string;
  readonly disbursedVnd: number;
}

/** Running numbers for the paperwork (decisions, contracts, minutes, payment orders) of one load. */
class Paperwork {
  private readonly counters = new Map<string, number>();
  constructor(readonly year: number) {}

  next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  no(kind: string, format: (n: string, year: number) => string): string {
    return format(String(this.next(kind)).padStart(2, '0'), this.year);
  }
}

/** Drives one project from nothing to its target state through the engine's HTTP commands. */
class ProjectDriver {
  private id = '';
  private status = '';
  /** Kinds already in the dossier: each is filed once, before the first step that needs it. */
  private readonly filed = new Set<DocumentKind>();

  constructor(
    private readonly client: EngineClient,
    private readonly tokens: Record<PersonKey, string>,
    private readonly paper: Paperwork,
    private readonly programme: { id: string; code: string },
    private readonly today: string,
    private readonly p: DemoProject,
    private readonly index: number,
  ) {}

  private async run(what: string, as: PersonKey, method: 'POST' | 'PATCH', path: string, body: object): Promise<CommandResult> {
    const step = `project ${this.index} (${this.p.title}): ${what} (as ${DEMO_PEOPLE[as].sub})`;
    const result = await this.client.command(step, this.tokens[as], method, `/projects/${this.id}${path}`, body);
    this.status = result.status;
    return result;
  }

  /** Files the kinds the policy requires before `step` that the dossier lacks. */
  private async dossier(step: DossierStep, ref?: string): Promise<void> {
    for (const kind of requiredKinds(this.p.category, step)) await this.file(kind, ref);
  }

  /** Uploads one dossier item as a PDF, or records it as a paper item when the project handed it in on paper. */
  private async file(kind: DocumentKind, ref?: string): Promise<void> {
    if (this.filed.has(kind)) return;
    this.filed.add(kind);
    const step = `project ${this.index} (${this.p.title}): file ${kind} (as ${DEMO_PEOPLE.officer.sub})`;
    if (this.p.paperDocuments?.includes(kind)) {
      const registryNo = this.paper.no('registry', (n, y) => `CV-${n}/${y}`);
      await this.client.paper(step, this.tokens.officer, this.id, { kind, title: kindName(kind), receivedOn: this.today, registryNo });
      return;
    }
    await this.client.upload(step, this.tokens.officer, this.id, demoDocument(kind, this.p, ref));
  }

  /** A tranche the whole way: requested by the officer, approved by the accountant, paid by the treasury. */
  private async tranche(no: number, amountVnd: number, evidenceRefs: readonly string[]): Promise<void> {
    await this.run(`request tranche ${no}`, 'officer', 'POST', `/tranches/${no}/request`, { amountVnd, evidenceRefs });
    // Order numbers are unique across the engine: the treasury's confirmation finds its project by them.
    const seq = String(this.paper.next('order')).padStart(4, '0');
    const paymentOrderNo = `UNC-${this.programme.code}-${seq}`;
    await this.run(`approve tranche ${no}`, 'accountant', 'POST', `/tranches/${no}/approval`, { paymentOrderNo });
    await this.client.confirmPayment(`project ${this.index} (${this.p.title}): payment of ${paymentOrderNo} (finance event)`, {
      paymentOrderNo,
      amountVnd,
      treasuryRef: `KBNN-LA-${this.paper.year}-${seq}`,
      valueDate: this.today,
    });
  }

  async drive(): Promise<{ id: string; status: string; documents: number }> {
    const { p, today, paper } = this;
    const year = paper.year;
    const created = await this.client.command(
      `project ${this.index} (${p.title}): create draft (as ${DEMO_PEOPLE[p.createdBy].sub})`,
      this.tokens[p.createdBy],
      'POST',
      '/projects',
      {
        programmeId: this.programme.id,
        title: p.title,
        category: p.category,
        beneficiary: p.beneficiary,
        totalCostVnd: p.totalCostVnd,
        requestedSupportVnd: p.requestedSupportVnd,
        counterpartVnd: p.totalCostVnd - p.requestedSupportVnd,
        plannedStart: today,
        // Within the programme's year: local funds are settled by January of the next year.
        plannedEnd: today < `${year}-12-15` ? `${year}-12-15` : `${year}-12-31`,
        objectives: p.objectives,
        ...(p.expectedEffects ? { expectedEffects: p.expectedEffects } : {}),
      },
    );
    this.id = created.id;
    this.status = created.status;
    if (p.target === 'draft') return this.result();

    await this.dossier('submit');
    await this.run('submit', 'officer', 'POST', '/submit', { declarations: { counterpartCommitted: true, noDoubleFunding: true } });
    if (p.target === 'submitted') return this.result();
    if (p.infoRequest) {
      await this.run('request information', 'officer', 'POST', '/info-requests', { reason: p.infoRequest.reason });
      if (p.target === 'info_requested') return this.result();
      await this.run('provide information', 'officer', 'POST', '/info-responses', { note: p.infoRequest.reply });
    }
    if (p.target === 'withdrawn') {
      await this.run('withdraw', 'officer', 'POST', '/withdrawal', { reason: p.withdrawalReason ?? 'Cơ sở xin rút hồ sơ' });
      return this.result();
    }

    await this.run('open appraisal', 'officer', 'POST', '/appraisal', { panel: APPRAISERS.map((a) => DEMO_PEOPLE[a].sub) });
    if (p.conflictNote) await this.run('declare conflict', 'appraiser4', 'POST', '/appraisal/conflicts', { note: p.conflictNote });
    const scores = p.scores ?? [];
    // "Partly scored": one member has scored, the others still have the scoring reminder.
    const scorers = p.target === 'in_appraisal' ? 1 : 3;
    for (let i = 0; i < scorers; i += 1) {
      const set = scores[i];
      if (set) await this.run(`score (appraiser ${i + 1})`, APPRAISERS[i] ?? 'appraiser1', 'POST', '/appraisal/scores', { scores: set });
    }
    if (p.target === 'in_appraisal') return this.result();

    const recommend = p.target !== 'not_recommended';
    const minutesRef = paper.no('appraisal', (n, y) => `BB-TĐ-${n}/${y}`);
    await this.dossier('appraisal', minutesRef);
    await this.run('conclude appraisal', 'approver', 'POST', '/appraisal/conclusion', {
      recommend,
      minutesRef,
      ...(recommend ? { recommendedSupportVnd: p.recommendedSupportVnd ?? p.requestedSupportVnd } : {}),
    });
    if (p.target === 'not_recommended' || p.target === 'recommended') return this.result();
    if (p.target === 'rejected') {
      await this.run('reject funding', 'approver', 'POST', '/rejection', { reason: p.rejectionReason ?? 'Không đủ kinh phí' });
      return this.result();
    }

    const approved = p.approvedSupportVnd ?? p.recommendedSupportVnd ?? p.requestedSupportVnd;
    const decisionNo = paper.no('decision', (n, y) => `${n}/QĐ-SCT-${y}`);
    await this.dossier('approval');
    await this.run('approve funding', 'approver', 'POST', '/approval', { decisionNo, decidedOn: today, approvedSupportVnd: approved });
    await this.file('approval_decision', decisionNo);
    if (p.target === 'approved') return this.result();

    const advance = Math.floor((approved * ADVANCE_PERCENT) / 100);
    const final = approved - advance;
    const contractNo = paper.no('contract', (n, y) => `${n}/${y}/HĐ-KC`);
    await this.run('sign contract', 'officer', 'POST', '/contract', {
      contractNo,
      signedOn: today,
      tranches: [
        { no: 1, kind: 'advance', amountVnd: advance },
        { no: 2, kind: 'final', amountVnd: final },
      ],
    });
    await this.dossier('trancheRequest', contractNo);
    await this.run('start implementation', 'officer', 'POST', '/implementation', { startedOn: today });
    // One report per month is allowed, so the single report of the demo carries the progress
    // that machinery and demo models need (> 70 %) before their first advance.
    await this.run('report progress', 'officer', 'POST', '/progress-reports', {
      period: today.slice(0, 7),
      percentComplete: p.progressPercent ?? 50,
      summary: p.progressSummary ?? 'Đang triển khai theo kế hoạch',
    });
    await this.file('progress_photo', today.slice(0, 7));
    const evidence = p.evidenceRefs ?? ['Hợp đồng thực hiện'];
    await this.tranche(1, advance, evidence);
    if (p.target === 'in_implementation') return this.result();

    await this.run('declare completion', 'officer', 'POST', '/completion', { finalReportRef: paper.no('report', (n, y) => `BC-TK-${n}/${y}`) });
    if (p.target === 'awaiting_acceptance') return this.result();

    await this.dossier('acceptance');
    const acceptanceRef = paper.no('acceptance', (n, y) => `BB-NT-${n}/${y}`);
    await this.run('record acceptance', 'officer', 'POST', '/acceptance', {
      passed: true,
      minutesRef: acceptanceRef,
      indicators: p.indicators ?? { completedPercent: 100 },
    });
    const finalClaim = p.finalClaimVnd ?? final;
    await this.tranche(2, finalClaim, ['Biên bản nghiệm thu', ...evidence]);
    const spent = advance + finalClaim;
    const dossierRef = paper.no('settlement', (n, y) => `HS-QT-${n}/${y}`);
    await this.file('acceptance_minutes', acceptanceRef);
    await this.dossier('settlement', dossierRef);
    await this.run('submit settlement', 'officer', 'POST', '/settlement', {
      spentVnd: spent,
      counterpartSpentVnd: p.totalCostVnd - p.requestedSupportVnd,
      dossierRef,
    });
    // Settling exactly what was disbursed leaves no refund outstanding, which closing requires.
    await this.run('approve settlement', 'approver', 'POST', '/settlement/approval', { approvedVnd: spent });
    if (p.target === 'settled') return this.result();

    await this.run('record outcome', 'officer', 'POST', '/outcomes', { measuredOn: today, indicators: p.outcomeIndicators ?? { jobs: 1 } });
    await this.run('close', 'officer', 'POST', '/closure', {});
    return this.result();
  }

  private result(): { id: string; status: string; documents: number } {
    return { id: this.id, status: this.status, documents: this.filed.size };
  }
}

const vnd = new Intl.NumberFormat('vi-VN');

/** Reads after the last write; the read models may need a moment, so a 503 is retried. */
async function readAfterWrites<T>(read: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof StepRefusedError) || error.status !== 503) throw error;
    }
  }
  return undefined;
}

/**
 * `npm run cli -- demo`: loads the demo programme of the current year into a running engine
 * over HTTP, once. Throws with a one-line message when the engine is unreachable and with the
 * step and Problem Details when the engine refuses a step.
 */
export async function loadDemo(config: EngineConfig, url?: string): Promise<void> {
  if (config.production) throw new Error('demo loads invented data with development tokens; it is not for production.');
  const secret = config.auth.algorithm === 'HS256' ? config.auth.secret : undefined;
  if (!secret) throw new Error('demo needs HS256 with AUTH_JWT_SECRET (or the generated development secret), as the engine uses.');
  if (!config.financeWebhookSecret) throw new Error('demo needs FINANCE_WEBHOOK_SECRET (or the generated one) to sign payment confirmations.');
  const baseUrl = (url ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  const client = new EngineClient(baseUrl, config.financeWebhookSecret);
  const tokens = Object.fromEntries(
    Object.entries(DEMO_PEOPLE).map(([key, p]) => [key, signToken(secret, { sub: p.sub, roles: p.roles, name: p.name, ...('areas' in p ? { areas: p.areas } : {}), ...('authority' in p ? { authority: p.authority } : {}) }, TOKEN_TTL_SECONDS, { issuer: config.auth.issuer, audience: config.auth.audience })]),
  ) as Record<PersonKey, string>;

  // The engine stamps commands with its own clock and refuses dates after its local today, so
  // every date of the demo is today by the Vietnamese calendar.
  const today = localDateOf(new Date().toISOString());
  const year = Number(today.slice(0, 4));
  const code = `KCDP-TN-${year}`;

  let existing: { items: ProgrammeItem[] };
  try {
    existing = await client.get<{ items: ProgrammeItem[] }>('list programmes', tokens.admin, '/programmes');
  } catch (error) {
    if (error instanceof StepRefusedError && error.status === 401) {
      throw new Error(`The engine at ${baseUrl} refused the demo's token: run the CLI with the engine's DATA_DIR (or AUTH_JWT_SECRET).`, { cause: error });
    }
    throw error;
  }
  const found = existing.items.find((p) => p.code === code);
  if (found) {
    console.log(`Demo data is already loaded: programme ${code} (${found.id}). Nothing to do.`);
    return;
  }

  const programme = await client.command('create programme', tokens.admin, 'POST', '/programmes', {
    code,
    name: `Khuyến công địa phương tỉnh Tây Ninh năm ${year}`,
    year,
    fundingSource: 'local',
    province: '80',
    budgetVnd: PROGRAMME_BUDGET_VND,
    policyId: DEMO_POLICY_ID,
    // The whole year is open so that every submission of the demo, made today, is inside the call.
    registrationOpensOn: `${year}-01-01`,
    registrationClosesOn: `${year}-12-31`,
  });
  console.log(`Loading the demo into ${baseUrl}: programme ${code} (${programme.id})`);

  const paper = new Paperwork(year);
  const loaded: { id: string; status: string; project: DemoProject }[] = [];
  for (const [i, project] of DEMO_PROJECTS.entries()) {
    const driver = new ProjectDriver(client, tokens, paper, { id: programme.id, code }, today, project, i + 1);
    const result = await driver.drive();
    loaded.push({ ...result, project });
    const documents = result.documents > 0 ? ` (${result.documents} document${result.documents === 1 ? '' : 's'})` : '';
    console.log(`  ${String(i + 1).padStart(2)}. ${result.status.padEnd(20)} ${project.title}${documents}`);
  }

  const position = client.position;
  const read = await readAfterWrites(async () => ({
    programme: await client.get<ProgrammeItem>('read programme', tokens.auditor, `/programmes/${programme.id}?minPosition=${position}`),
    projects: await client.get<{ items: ProjectItem[] }>('read projects', tokens.auditor, `/projects?programmeId=${programme.id}&limit=100&minPosition=${position}`),
  }));
  console.log('');
  if (read) {
    const b = read.programme.budget;
    console.log(`${read.programme.name}: budget ${vnd.format(b.totalVnd)} VND, reserved ${vnd.format(b.reservedVnd)}, disbursed ${vnd.format(b.disbursedVnd)}, available ${vnd.format(b.availableVnd)}`);
    for (const l of loaded) {
      const p = read.projects.items.find((item) => item.id === l.id);
      if (p && p.disbursedVnd > 0) console.log(`  paid ${vnd.format(p.disbursedVnd).padStart(13)} VND  ${l.project.title} (${p.status})`);
    }
  }
  console.log(`
Sign in with a demo user (same DATA_DIR as the engine), then use the console at ${baseUrl}/ or the API:
  npm run cli -- token --role officer --sub demo-officer --areas 80 --name "${DEMO_PEOPLE.officer.name}"
  npm run cli -- token --role approver --sub demo-approver --name "${DEMO_PEOPLE.approver.name}"
  npm run cli -- token --role appraiser --sub demo-appraiser-2 --name "${DEMO_PEOPLE.appraiser2.name}"
  npm run cli -- token --role accountant --sub demo-accountant --name "${DEMO_PEOPLE.accountant.name}"
  npm run cli -- token --role auditor --sub demo-auditor --name "${DEMO_PEOPLE.auditor.name}"`);
}
