import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CommandContext,
  CommandExecutor,
  FixedClock,
  IdGenerator,
  PolicyCatalog,
  ProgrammeCommands,
  ProjectCommandInput,
  ProjectCommands,
} from '@app/application';
import { Actor, EVENT_UPCASTERS } from '@app/domain';
import { EventSchemaRegistry, InMemoryEventStore, RecordedEvent } from '@app/event-store';
import { replayProgramme, replayProject } from '../time-travel';
import { stateHash } from '../state-hash';

/** A recorded lifecycle: every stream it wrote, and the hash of each folded state. */
export interface GoldenFile {
  readonly path: string;
  readonly description: string;
  readonly recordedWith: string;
  readonly streams: Readonly<Record<string, readonly RecordedEvent[]>>;
  readonly expected: Readonly<Record<string, { readonly kind: 'project' | 'programme'; readonly version: number; readonly status: string; readonly stateHash: string }>>;
}

/** Ids that are the same on every recording, so a re-recording shows only real changes in a diff. */
class CountingIds implements IdGenerator {
  private n = 0;
  next(): string {
    this.n += 1;
    return `00000000-0000-7000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
}

const actor = (id: string, role: string, areas?: string[]): Actor => ({ id, roles: [role], ...(areas ? { areas } : {}) }) as Actor;
const A = {
  admin: actor('admin-1', 'admin'),
  officer: actor('officer-1', 'officer', ['80']),
  collaborator: actor('ctv-1', 'collaborator', ['27694']),
  a1: actor('appraiser-1', 'appraiser'),
  a2: actor('appraiser-2', 'appraiser'),
  a3: actor('appraiser-3', 'appraiser'),
  a4: actor('appraiser-4', 'appraiser'),
  // The People's Committee's authority decides every amendment of the Long An policy.
  approver: { ...actor('approver-1', 'approver'), authority: 'people_committee' } as Actor,
  accountant: actor('accountant-1', 'accountant'),
  treasury: actor('treasury-1', 'finance-system'),
};

type WithoutProject<T> = T extends unknown ? Omit<T, 'projectId'> : never;
type Step = readonly [at: string, who: Actor, input: WithoutProject<ProjectCommandInput>];
const day = (date: string) => `${date}T02:00:00.000Z`;

const TO_RECOMMENDED: readonly Step[] = [
  [day('2026-03-02'), A.collaborator, { type: 'UpdateProjectDraft', objectives: 'Nâng công suất lên 2 tấn/ngày, giảm 30% lao động thủ công' }],
  [day('2026-03-03'), A.officer, { type: 'SubmitProposal', declarations: { counterpartCommitted: true, noDoubleFunding: true } }],
  [day('2026-03-04'), A.officer, { type: 'RequestInformation', reason: 'Thiếu báo giá thiết bị' }],
  [day('2026-03-05'), A.officer, { type: 'ProvideInformation', note: 'Đã bổ sung 3 báo giá' }],
  [day('2026-03-10'), A.officer, { type: 'OpenAppraisal', panel: ['appraiser-1', 'appraiser-2', 'appraiser-3', 'appraiser-4'] }],
  [day('2026-03-11'), A.a4, { type: 'DeclareConflict', note: 'Người thân của chủ cơ sở' }],
  [day('2026-03-12'), A.a1, { type: 'ScoreProposal', scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 } }],
  [day('2026-03-13'), A.a2, { type: 'ScoreProposal', scores: { fit: 7, necessity: 8, cost: 7, capacity: 6, dossier: 8 }, comment: 'Hợp lý' }],
  [day('2026-03-14'), A.a3, { type: 'ScoreProposal', scores: { fit: 9, necessity: 8, cost: 7, capacity: 8, dossier: 7 } }],
  [day('2026-04-01'), A.approver, { type: 'ConcludeAppraisal', recommend: true, recommendedSupportVnd: 150_000_000, minutesRef: 'BB-TĐ-12/2026' }],
];

const TO_PAID_ADVANCE: readonly Step[] = [
  ...TO_RECOMMENDED,
  [day('2026-04-10'), A.approver, { type: 'ApproveFunding', decisionNo: '45/QĐ-SCT', decidedOn: '2026-04-10', approvedSupportVnd: 150_000_000 }],
  [
    day('2026-04-20'),
    A.officer,
    { type: 'SignContract', contractNo: 'HĐ-07/2026/KC', signedOn: '2026-04-20', tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_000 }] },
  ],
  [day('2026-05-04'), A.officer, { type: 'StartImplementation', startedOn: '2026-05-04' }],
  [day('2026-06-20'), A.officer, { type: 'ReportProgress', period: '2026-06', percentComplete: 75, summary: 'Đã lắp đặt máy, đang chạy thử' }],
  [day('2026-06-22'), A.officer, { type: 'RequestTranche', trancheNo: 1, amountVnd: 100_000_000, evidenceRefs: ['HĐ mua máy số 12'] }],
  [day('2026-06-23'), A.accountant, { type: 'ApproveTranche', trancheNo: 1, paymentOrderNo: 'UNC-2026-0001' }],
  [day('2026-06-25'), A.treasury, { type: 'ConfirmPayment', paymentOrderNo: 'UNC-2026-0001', amountVnd: 100_000_000, treasuryRef: 'KB-UNC-2026-0001', valueDate: '2026-06-25' }],
];

/** Every lifecycle path with a golden file: the main path and its side exits. */
export const GOLDEN_PATHS: Readonly<Record<string, { readonly description: string; readonly steps: readonly Step[] }>> = {
  'main-to-closed': {
    description: 'Draft to closed: information request, appraisal with a recusal, funding, contract, paid advance, amendment, suspension, acceptance, final tranche, settlement with a refund, outcomes, closure',
    steps: [
      ...TO_PAID_ADVANCE,
      [day('2026-07-01'), A.officer, { type: 'RequestAmendment', kind: 'schedule', changes: { plannedEnd: '2026-12-20' }, reason: 'Máy giao chậm 5 ngày' }],
      [day('2026-07-02'), A.approver, { type: 'DecideAmendment', amendmentNo: 1, approve: true, note: 'Đồng ý' }],
      [day('2026-07-10'), A.approver, { type: 'SuspendProject', reason: 'Tạm dừng chờ kiểm tra an toàn' }],
      [day('2026-07-20'), A.approver, { type: 'ResumeProject', reason: 'Đã kiểm tra' }],
      [day('2026-10-01'), A.officer, { type: 'DeclareCompletion', finalReportRef: 'BC-TK-2026-07' }],
      [day('2026-10-10'), A.officer, { type: 'RecordAcceptance', passed: true, minutesRef: 'BB-NT-07/2026', indicators: { outputTonsPerDay: 2, jobs: 12 } }],
      [day('2026-10-11'), A.officer, { type: 'RequestTranche', trancheNo: 2, amountVnd: 50_000_000, evidenceRefs: ['Biên bản nghiệm thu'] }],
      [day('2026-10-12'), A.accountant, { type: 'ApproveTranche', trancheNo: 2, paymentOrderNo: 'UNC-2026-0002' }],
      [day('2026-10-14'), A.treasury, { type: 'ConfirmPayment', paymentOrderNo: 'UNC-2026-0002', amountVnd: 50_000_000, treasuryRef: 'KB-UNC-2026-0002', valueDate: '2026-10-14' }],
      [day('2026-10-15'), A.officer, { type: 'SubmitSettlement', spentVnd: 150_000_000, counterpartSpentVnd: 250_000_000, dossierRef: 'HS-QT-2026-07' }],
      [day('2026-10-20'), A.approver, { type: 'ApproveSettlement', approvedVnd: 148_000_000 }],
      [day('2026-11-05'), A.accountant, { type: 'RecordRefund', amountVnd: 2_000_000, treasuryRef: 'KB-NT-0099' }],
      [day('2027-04-20'), A.officer, { type: 'RecordOutcome', measuredOn: '2027-04-20', indicators: { outputTonsPerDay: 2.4, jobs: 14 } }],
      [day('2027-10-20'), A.officer, { type: 'CloseProject' }],
    ],
  },
  withdrawal: {
    description: 'Submitted, then withdrawn by the establishment before any decision',
    steps: [...TO_RECOMMENDED.slice(0, 2), [day('2026-03-06'), A.officer, { type: 'WithdrawProposal', reason: 'Cơ sở đổi ý' }]],
  },
  'termination-after-paid-advance': {
    description: 'Funded and contracted, advance paid, then terminated: the unspent reservation is released',
    steps: [...TO_PAID_ADVANCE, [day('2026-08-01'), A.approver, { type: 'TerminateProject', reason: 'Vi phạm hợp đồng' }]],
  },
  'rejected-funding': {
    description: 'Recommended by the appraisal, then the funding is rejected',
    steps: [...TO_RECOMMENDED, [day('2026-04-10'), A.approver, { type: 'RejectFunding', reason: 'Không còn kinh phí' }]],
  },
};

const PROGRAMME_ID = 'la-2026';
const PROJECT_ID = 'golden-1';

/**
 * Runs a lifecycle path through the real command path (in memory, fixed clock and ids) and
 * returns its golden file: the streams exactly as stored and the hash of each folded state.
 *
 * @example
 * const golden = await recordGoldenPath('withdrawal');
 */
export async function recordGoldenPath(path: string): Promise<GoldenFile> {
  const spec = GOLDEN_PATHS[path];
  if (!spec) throw new Error(`Unknown golden path ${path}`);
  const clock = new FixedClock(new Date(day('2026-01-02')));
  const store = new InMemoryEventStore(() => clock.now());
  const ids = new CountingIds();
  const schemas = new EventSchemaRegistry(EVENT_UPCASTERS);
  const executor = new CommandExecutor(store, ids, schemas);
  const policies = new PolicyCatalog();
  const programmes = new ProgrammeCommands(executor, policies);
  const projects = new ProjectCommands(executor, policies);
  const context = (who: Actor): CommandContext => ({ actor: who, commandId: ids.next(), correlationId: ids.next(), occurredAt: clock.now().toISOString() });

  await programmes.execute(
    {
      type: 'CreateProgramme',
      programmeId: PROGRAMME_ID,
      code: 'KCDP-LA-2026',
      name: 'Khuyến công địa phương tỉnh Long An năm 2026',
      year: 2026,
      fundingSource: 'local',
      province: '80',
      budgetVnd: 1_000_000_000,
      policyId: 'vn-longan-local-2022',
      registrationOpensOn: '2026-01-05',
      registrationClosesOn: '2026-05-20',
    },
    context(A.admin),
  );
  clock.set(day('2026-03-02'));
  await projects.execute(
    {
      type: 'CreateProjectDraft',
      projectId: PROJECT_ID,
      programmeId: PROGRAMME_ID,
      title: 'Dây chuyền sản xuất kẹo khóm',
      category: 'MACHINERY',
      beneficiary: { name: 'Cơ sở sản xuất kẹo khóm Bến Lức', kind: 'household_business', province: '80', commune: '27694', contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } },
      totalCostVnd: 400_000_000,
      requestedSupportVnd: 150_000_000,
      counterpartVnd: 250_000_000,
      plannedStart: '2026-05-01',
      plannedEnd: '2026-12-15',
      objectives: 'Nâng công suất lên 2 tấn/ngày',
    },
    context(A.officer),
  );
  for (const [at, who, input] of spec.steps) {
    clock.set(at);
    await projects.execute({ ...input, projectId: PROJECT_ID } as ProjectCommandInput, context(who));
  }

  const programmeStream = await store.readStream(`programme-${PROGRAMME_ID}`);
  const projectStream = await store.readStream(`project-${PROJECT_ID}`);
  const programme = replayProgramme(programmeStream, schemas);
  const project = replayProject(projectStream, schemas);
  return {
    path,
    description: spec.description,
    recordedWith: 'GOLDEN_RECORD=1 npx jest libs/audit/src/golden --selectProjects unit',
    streams: { [`programme-${PROGRAMME_ID}`]: programmeStream, [`project-${PROJECT_ID}`]: projectStream },
    expected: {
      [`programme-${PROGRAMME_ID}`]: { kind: 'programme', version: programmeStream.length, status: programme.status, stateHash: stateHash(programme) },
      [`project-${PROJECT_ID}`]: { kind: 'project', version: projectStream.length, status: project.status, stateHash: stateHash(project) },
    },
  };
}

/** Writes a golden file (only when re-recording deliberately). */
export function writeGoldenFile(dir: string, golden: GoldenFile): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${golden.path}.golden.json`), `${JSON.stringify(golden, null, 2)}\n`);
}
