import { DomainError } from '@app/domain';
import { InMemoryEventStore } from '@app/event-store';
import { CommandContext, CommandExecutor } from '../commands/command-executor';
import { PolicyCatalog } from '../policies/policy-catalog';
import { UuidV7Generator } from '../ports/ids';
import { ProgrammeCommands } from '../programmes/programme-commands';
import { ProjectCommands } from './project-commands';

const at = '2026-03-02T09:00:00+07:00';
const officer = { id: 'officer-1', roles: ['officer'] } as const;
const context = (actor: CommandContext['actor'] = { ...officer, roles: [...officer.roles] }, n = 1): CommandContext => ({
  actor,
  commandId: `cmd-${n}`,
  correlationId: `corr-${n}`,
  occurredAt: at,
});

async function codeOf(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('ProjectCommands and the dossier', () => {
  let store: InMemoryEventStore;
  let projects: ProjectCommands;

  async function programme(dossier?: 'enforce' | 'warn'): Promise<void> {
    const executor = new CommandExecutor(store, new UuidV7Generator());
    await new ProgrammeCommands(executor, new PolicyCatalog()).execute(
      {
        type: 'CreateProgramme',
        programmeId: 'la-2026',
        code: 'KCDP-LA-2026',
        name: 'Khuyến công địa phương Long An 2026',
        year: 2026,
        fundingSource: 'local',
        province: '80',
        budgetVnd: 1_000_000_000,
        policyId: 'vn-longan-local-2022',
        registrationOpensOn: '2026-01-05',
        registrationClosesOn: '2026-05-20',
        ...(dossier ? { dossier } : {}),
      },
      context({ id: 'admin-1', roles: ['admin'] }, 100),
    );
    await projects.execute(
      {
        type: 'CreateProjectDraft',
        projectId: 'p-1',
        programmeId: 'la-2026',
        title: 'Ứng dụng máy đóng gói bánh tráng',
        category: 'MACHINERY',
        beneficiary: { name: 'Cơ sở Hòa Phát', kind: 'household_business', province: '80', commune: '80123', address: 'Ấp 3' },
        totalCostVnd: 400_000_000,
        requestedSupportVnd: 150_000_000,
        counterpartVnd: 250_000_000,
        plannedStart: '2026-05-01',
        plannedEnd: '2026-10-31',
        objectives: 'Tăng năng suất',
      } as never,
      context(undefined, 101),
    );
  }

  const attach = (documentId: string, kind: string, n: number) =>
    projects.execute(
      { type: 'AttachDocument', projectId: 'p-1', documentId, kind, title: kind, fileName: `${kind}.pdf`, mediaType: 'application/pdf', size: 10, sha256: 'c'.repeat(64), encrypted: false } as never,
      context(undefined, n),
    );
  const submit = (n: number) =>
    projects.execute({ type: 'SubmitProposal', projectId: 'p-1', declarations: { counterpartCommitted: true, noDoubleFunding: true } }, context(undefined, n));

  beforeEach(() => {
    store = new InMemoryEventStore();
    projects = new ProjectCommands(new CommandExecutor(store, new UuidV7Generator()), new PolicyCatalog());
  });

  it('attaches, records and supersedes documents on the project stream, and enforces the programme’s dossier', async () => {
    await programme('enforce');
    await attach('d-quote', 'quotation', 1);
    await projects.execute(
      { type: 'RecordPaperDocument', projectId: 'p-1', documentId: 'd-reg', kind: 'business_registration', title: 'GCN', receivedOn: '2026-03-01', registryNo: 'CV-1' },
      context(undefined, 2),
    );
    await attach('d-form', 'proposal_form', 3);
    await projects.execute({ type: 'SupersedeDocument', projectId: 'p-1', documentId: 'd-form', reason: 'Bản cũ' }, context(undefined, 4));
    expect(await codeOf(submit(5))).toBe('DOSSIER.INCOMPLETE');
    await attach('d-form-2', 'proposal_form', 6);
    const outcome = await submit(7);
    expect(outcome.body.status).toBe('submitted');
    const types = (await store.readStream('project-p-1')).map((e) => e.type);
    expect(types).toEqual(['ProjectDraftCreated', 'DocumentAttached', 'PaperDocumentReceived', 'DocumentAttached', 'DocumentSuperseded', 'DocumentAttached', 'ProposalSubmitted']);
  });

  it('lets a programme that warns submit an incomplete dossier', async () => {
    await programme();
    expect((await submit(1)).body.status).toBe('submitted');
  });
});
