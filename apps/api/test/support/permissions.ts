import type { Response } from 'supertest';
import { type Authority, type Role, ROLES } from '@app/domain';
import { DEFAULT_ROLES } from '@app/domain';
import { DRAFT, driveTo, MAIN_PATH, payOrders, PEOPLE, type Person, programmeBody, type Step } from './lifecycle';
import type { TestEngine } from './test-engine';

/*
 * The permission matrix: every command reachable over HTTP, tried by one user of every role (and
 * an officer and a collaborator out of area). The expectations are computed from a role table
 * (DEFAULT_ROLES in the test), never written out, so a change of the policy changes them.
 */

export type CommandName = keyof typeof DEFAULT_ROLES;
export type RoleTable = Readonly<Record<CommandName, readonly Role[]>>;

/** Roles whose users act only on projects of their areas (the domain's `AREA_SCOPED`). */
export const AREA_SCOPED_ROLES: readonly Role[] = ['officer', 'collaborator'];

/** Where the matrix projects lie: Long An (province 80), commune 27694 (DRAFT.beneficiary). */
export const PROJECT_AREAS: readonly string[] = [DRAFT.beneficiary.province, DRAFT.beneficiary.commune];

/** Commands no user sends: the treasury's webhook issues them (finance-inbound.e2e-spec.ts). */
export const NOT_SENT_BY_USERS: readonly CommandName[] = ['ConfirmPayment', 'FailPayment'];

export interface Identity {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
  readonly authority?: Authority;
}

/** One row of the matrix's role axis. */
export interface MatrixActor extends Identity {
  readonly name: string;
  /** The role this actor stands for (its only role). */
  readonly role: Role;
}

/** The user who stands for each role; a `Record` so that a new role in ROLES needs one here. */
const REPRESENTATIVE: Readonly<Record<Role, Person>> = {
  officer: 'officer',
  collaborator: 'collaborator',
  appraiser: 'a1',
  approver: 'approver',
  accountant: 'accountant',
  'finance-system': 'finance',
  auditor: 'auditor',
  admin: 'admin',
};

function person(key: Person): Identity {
  return PEOPLE[key] as Identity;
}

/** One user per role of ROLES (officer and collaborator in area), then both out of area ('79'). */
export const MATRIX_ACTORS: readonly MatrixActor[] = [
  ...ROLES.map((role) => ({ name: role, role, ...person(REPRESENTATIVE[role]) })),
  { name: 'officer out of area', role: 'officer', ...person('officerElsewhere') },
  { name: 'collaborator out of area', role: 'collaborator', sub: 'ctv-9', roles: ['collaborator'], areas: ['79'] },
];

/** What the matrix expects of one attempt: success, or 403 with this Problem Details code. */
export type Expectation = { readonly allowed: true } | { readonly allowed: false; readonly code: 'AUTH.ROLE_NOT_ALLOWED' | 'AUTH.OUT_OF_AREA' };

/**
 * Role first (the route guard and the policy both answer AUTH.ROLE_NOT_ALLOWED), then the area for
 * project commands: an officer or collaborator needs the project's province or commune.
 */
export function expectationOf(table: RoleTable, command: CommandName, actor: MatrixActor, areaScoped: boolean): Expectation {
  if (!table[command].includes(actor.role)) return { allowed: false, code: 'AUTH.ROLE_NOT_ALLOWED' };
  const outOfArea = AREA_SCOPED_ROLES.includes(actor.role) && !(actor.areas ?? []).some((a) => PROJECT_AREAS.includes(a));
  if (areaScoped && outOfArea) return { allowed: false, code: 'AUTH.OUT_OF_AREA' };
  return { allowed: true };
}

/** What a row's setup hands to its attempts. */
export interface Target {
  readonly programmeId: string;
  readonly projectId?: string;
  /** The path the project was driven along (its own payment order numbers). */
  readonly path: readonly Step[];
}

export interface MatrixContext {
  readonly engine: TestEngine;
  /** The programme the projects are created in (budget for every approval of the file). */
  readonly programmeId: string;
}

/** One command of the matrix, with the state it needs. */
export interface MatrixCommand {
  /** Unique and readable: the command, with the step number when MAIN_PATH repeats it. */
  readonly label: string;
  readonly command: CommandName;
  /** Project commands are area-checked; programme commands are not. */
  readonly areaScoped: boolean;
  /** The project status an allowed attempt leads to (project commands). */
  readonly status?: string;
  /** A fresh target in the state the command needs. */
  setup(ctx: MatrixContext): Promise<Target>;
  attempt(ctx: MatrixContext, target: Target, actor: MatrixActor): Promise<Response>;
}

const d = (date: string) => `${date}T02:00:00Z`;
let serial = 0;

/**
 * MAIN_PATH with payment order numbers of its own: the finance webhook finds a project by its
 * order number, so two projects of one engine must not share one.
 */
export function ownPath(): readonly Step[] {
  serial += 1;
  const n = serial;
  return MAIN_PATH.map((step) =>
    step.command === 'ApproveTranche' ? { ...step, body: { ...step.body, paymentOrderNo: `${(step.body as { paymentOrderNo: string }).paymentOrderNo}-M${n}` } } : step,
  );
}

/** Who sends an attempt: the step's own sender when it holds the actor's role (no conflicts), else the actor. */
function senderOf(actor: MatrixActor, step: Step): Identity {
  const own = person(step.person);
  const inArea = !AREA_SCOPED_ROLES.includes(actor.role) || (actor.areas ?? []).some((a) => PROJECT_AREAS.includes(a));
  return inArea && own.roles.includes(actor.role) ? own : actor;
}

function bearer(engine: TestEngine, who: Identity) {
  return engine.auth(who.sub, [...who.roles], who.areas ? [...who.areas] : undefined, who.authority);
}

/** Sends a step as someone (any identity, not only PEOPLE). */
export function sendAs(engine: TestEngine, projectId: string, step: Step, who: Identity): Promise<Response> {
  engine.clock.set(step.at);
  const url = `/api/v1/projects/${projectId}${step.path ? `/${step.path}` : ''}`;
  const req = step.method === 'patch' ? engine.http.patch(url) : engine.http.post(url);
  return req.set(bearer(engine, who)).send(step.body);
}

/** A command sent to a project driven along its own path until (without) step `stopBefore`. */
function projectCommand(label: string, stopBefore: number, stepOf: (path: readonly Step[]) => Step): MatrixCommand {
  const step = stepOf(MAIN_PATH);
  return {
    label,
    command: step.command as CommandName,
    areaScoped: true,
    status: step.status,
    async setup({ engine, programmeId }) {
      const path = ownPath();
      const pay = payOrders(engine, path);
      const projectId = await driveTo(engine, programmeId, stopBefore, path, pay);
      // driveTo pays before the steps it sends; this row's step may need its payment too.
      await pay(stopBefore, stepOf(path), projectId);
      return { programmeId, projectId, path };
    },
    attempt({ engine }, target, actor) {
      const s = stepOf(target.path);
      return sendAs(engine, target.projectId as string, s, senderOf(actor, s));
    },
  };
}

/** The index after the first step of `command` on MAIN_PATH (the state it leads to). */
function after(command: string): number {
  const index = MAIN_PATH.findIndex((s) => s.command === command);
  if (index < 0) throw new Error(`MAIN_PATH has no ${command}`);
  return index + 1;
}

/** A side command sent where MAIN_PATH would send its next step, at that step's time. */
function sideCommand(command: CommandName, afterCommand: string, step: Omit<Step, 'command' | 'at'>): MatrixCommand {
  const stopBefore = after(afterCommand);
  return projectCommand(command, stopBefore, (path) => ({ ...step, command, at: (path[stopBefore] as Step).at }));
}

function matrixProgrammeBody() {
  serial += 1;
  return { ...programmeBody(`KCDP-LA-2026-MATRIX-${serial}`), name: 'Khuyến công địa phương tỉnh Long An năm 2026 (ma trận quyền)' };
}

/** Every project and programme command a user can send over HTTP, each in the state it needs. */
export function matrixCommands(): MatrixCommand[] {
  const counts = new Map<string, number>();
  for (const s of MAIN_PATH) counts.set(s.command, (counts.get(s.command) ?? 0) + 1);
  const seen = new Map<string, number>();
  const mainPath = MAIN_PATH.map((s, i) => {
    const nth = (seen.get(s.command) ?? 0) + 1;
    seen.set(s.command, nth);
    const label = (counts.get(s.command) ?? 1) > 1 ? `${s.command} #${nth} (from ${i === 0 ? 'draft' : (MAIN_PATH[i - 1] as Step).status})` : s.command;
    return projectCommand(label, i, (path) => path[i] as Step);
  });
  return [
    {
      label: 'CreateProgramme',
      command: 'CreateProgramme',
      areaScoped: false,
      setup: async ({ programmeId }) => ({ programmeId, path: MAIN_PATH }),
      attempt: ({ engine }, _target, actor) => {
        engine.clock.set(d('2026-01-02'));
        return engine.http.post('/api/v1/programmes').set(bearer(engine, actor)).send(matrixProgrammeBody());
      },
    },
    {
      label: 'AdjustProgrammeBudget',
      command: 'AdjustProgrammeBudget',
      areaScoped: false,
      async setup({ engine }) {
        engine.clock.set(d('2026-01-02'));
        const res = await engine.http.post('/api/v1/programmes').set(bearer(engine, person('admin'))).send(matrixProgrammeBody());
        if (res.status !== 201) throw new Error(`CreateProgramme answered ${res.status}: ${JSON.stringify(res.body)}`);
        return { programmeId: res.body.id as string, path: MAIN_PATH };
      },
      attempt: ({ engine }, target, actor) => {
        engine.clock.set(d('2026-02-02'));
        return engine.http
          .post(`/api/v1/programmes/${target.programmeId}/budget-adjustments`)
          .set(bearer(engine, actor))
          .send({ deltaVnd: 200_000_000, reason: 'Bổ sung dự toán', decisionNo: '12/QĐ-UBND' });
      },
    },
    {
      label: 'CreateProjectDraft',
      command: 'CreateProjectDraft',
      areaScoped: true,
      status: 'draft',
      setup: async ({ programmeId }) => ({ programmeId, path: MAIN_PATH }),
      attempt: ({ engine }, target, actor) => {
        engine.clock.set(d('2026-03-02'));
        return engine.http.post('/api/v1/projects').set(bearer(engine, actor)).send({ ...DRAFT, programmeId: target.programmeId });
      },
    },
    ...mainPath,
    sideCommand('WithdrawProposal', 'SubmitProposal', { person: 'officer', method: 'post', path: 'withdrawal', body: { reason: 'Cơ sở xin rút hồ sơ' }, status: 'withdrawn' }),
    sideCommand('RejectFunding', 'ConcludeAppraisal', { person: 'approver', method: 'post', path: 'rejection', body: { reason: 'Không đủ điều kiện' }, status: 'rejected' }),
    sideCommand('TerminateProject', 'StartImplementation', { person: 'approver', method: 'post', path: 'termination', body: { reason: 'Cơ sở ngừng sản xuất' }, status: 'terminated' }),
    sideCommand('RejectTranche', 'RequestTranche', { person: 'accountant', method: 'post', path: 'tranches/1/rejection', body: { reason: 'Chứng từ chưa hợp lệ' }, status: 'in_implementation' }),
  ];
}

export interface MatrixCase {
  /** `SubmitProposal × approver → 403` */
  readonly name: string;
  readonly actor: MatrixActor;
  readonly expectation: Expectation;
}

/** The cases of one command, refused ones first (they share the row's target), then allowed ones. */
export function casesOf(table: RoleTable, row: MatrixCommand): { refused: MatrixCase[]; allowed: MatrixCase[] } {
  const all = MATRIX_ACTORS.map((actor) => {
    const expectation = expectationOf(table, row.command, actor, row.areaScoped);
    const outcome = expectation.allowed ? '2xx' : `403 (${expectation.code})`;
    return { name: `${row.label} × ${actor.name} → ${outcome}`, actor, expectation };
  });
  return { refused: all.filter((c) => !c.expectation.allowed), allowed: all.filter((c) => c.expectation.allowed) };
}
