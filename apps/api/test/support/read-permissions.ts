import type { Response } from 'supertest';
import type { Role } from '@app/domain';
import { DRAFT, MAIN_PATH, PEOPLE, type Step } from './lifecycle';
import type { Identity } from './permissions';
import { sendAs } from './permissions';
import type { TestEngine } from './test-engine';

/*
 * The read matrix: every GET route of the OpenAPI document × a reader of every role, with and
 * without areas, × a project in scope and one out of scope. Who sees which project is written
 * out below (not computed by the engine's own rule), from the rules of the read scope.
 */

/** Two projects of Long An (province 80): A in commune 27694, B in commune 27811. */
export type ProjectKey = 'A' | 'B';

export const COMMUNE: Readonly<Record<ProjectKey, string>> = { A: '27694', B: '27811' };

/** Panels: A is appraised by appraiser-1…4 (MAIN_PATH), B by appraiser-5…8. */
const B_APPRAISER: Readonly<Record<string, Identity>> = {
  a1: { sub: 'appraiser-5', roles: ['appraiser'] },
  a2: { sub: 'appraiser-6', roles: ['appraiser'] },
  a3: { sub: 'appraiser-7', roles: ['appraiser'] },
  a4: { sub: 'appraiser-8', roles: ['appraiser'] },
};

/** One reader of the matrix and the projects it must see. */
export interface Reader extends Identity {
  readonly name: string;
  readonly sees: readonly ProjectKey[];
}

const officer = (name: string, areas: string[] | undefined, sees: ProjectKey[]): Reader => ({ name, sub: `officer-${name}`, roles: ['officer'], ...(areas ? { areas } : {}), sees });

/** Every role, with and without areas, each with the projects it must see. */
export const READERS: readonly Reader[] = [
  officer('of commune A', [COMMUNE.A], ['A']),
  officer('of commune B', [COMMUNE.B], ['B']),
  officer('of the province', ['80'], ['A', 'B']),
  officer('of another province', ['79'], []),
  officer('without areas', undefined, ['A', 'B']),
  { name: 'collaborator of commune A', sub: 'ctv-a', roles: ['collaborator'], areas: [COMMUNE.A], sees: ['A'] },
  { name: 'collaborator of another province', sub: 'ctv-79', roles: ['collaborator'], areas: ['79'], sees: [] },
  { name: 'appraiser on the panel of A', sub: 'appraiser-1', roles: ['appraiser'], sees: ['A'] },
  { name: 'appraiser on the panel of B', sub: 'appraiser-5', roles: ['appraiser'], sees: ['B'] },
  { name: 'appraiser on no panel', sub: 'appraiser-9', roles: ['appraiser'], sees: [] },
  { name: 'appraiser of A bound to commune B', sub: 'appraiser-2', roles: ['appraiser'], areas: [COMMUNE.B], sees: [] },
  { name: 'approver', sub: 'approver-1', roles: ['approver'], sees: ['A', 'B'] },
  { name: 'approver of commune B', sub: 'approver-b', roles: ['approver'], areas: [COMMUNE.B], sees: ['B'] },
  { name: 'accountant', sub: 'accountant-1', roles: ['accountant'], sees: ['A', 'B'] },
  { name: 'accountant of another province', sub: 'accountant-79', roles: ['accountant'], areas: ['79'], sees: [] },
  { name: 'auditor', sub: 'auditor-1', roles: ['auditor'], sees: ['A', 'B'] },
  { name: 'auditor of commune B', sub: 'auditor-b', roles: ['auditor'], areas: [COMMUNE.B], sees: ['B'] },
  { name: 'admin', sub: 'admin-1', roles: ['admin'], sees: ['A', 'B'] },
  { name: 'admin of another province', sub: 'admin-79', roles: ['admin'], areas: ['79'], sees: [] },
  { name: 'appraiser and approver', sub: 'appraiser-9', roles: ['appraiser', 'approver'], sees: ['A', 'B'] },
  { name: 'finance system', sub: 'treasury-1', roles: ['finance-system'], sees: [] },
];

/** What the matrix set up: the programme, the two projects, a reminder of each, an endpoint. */
export interface ReadTargets {
  readonly programmeId: string;
  readonly projects: Readonly<Record<ProjectKey, string>>;
  readonly reminders: Readonly<Record<ProjectKey, string>>;
  /** A file of each project's dossier. */
  readonly documents: Readonly<Record<ProjectKey, string>>;
  readonly endpointId: string;
  readonly policyId: string;
  /** OPEN_DATA_PREFIX: 360Giving ids are `360G-<prefix>-<projectId>`. */
  readonly openDataPrefix: string;
  /** An annual plan, in a programme of its own (its project is not one of A and B). */
  readonly plan: { readonly programmeId: string; readonly planId: string };
}

/**
 * How a route answers a reader:
 * - `object`: a project's own read; out of scope answers exactly as an unknown id;
 * - `collection`: a list or export of projects; holds exactly the visible ones;
 * - `stats`: counts over the visible projects only;
 * - `province`: a province-level object (programmes, policies, audit checkpoints, settings), the same for every reader;
 * - `whole-log`: the log (or a report) of every project; refused (403 AUTH.SCOPE_TOO_NARROW) to a reader bound by areas;
 * - `public`: no token (operations, development sign-in); not part of the matrix.
 */
export type RouteKind = 'object' | 'collection' | 'stats' | 'province' | 'whole-log' | 'public';

export interface ReadRoute {
  readonly kind: RouteKind;
  /** The roles the route admits (403 AUTH.ROLE_NOT_ALLOWED for others). */
  readonly roles: readonly Role[];
  /** The URL for a project (object, collection), or the only URL. */
  url(t: ReadTargets, project: ProjectKey): string;
  /** An unknown id, answered as an out-of-scope one (object). */
  unknownUrl?(t: ReadTargets): string;
  /** The project ids an answer holds (collection). */
  ids?(body: unknown, t: ReadTargets): string[];
  /** A collection asked about one project (else it spans the programme). */
  readonly perProject?: boolean;
  /** Why a public route is outside the matrix. */
  readonly reason?: string;
}

const STAFF_AND_AUDIT: readonly Role[] = ['officer', 'collaborator', 'appraiser', 'approver', 'accountant', 'auditor', 'admin'];
const AUDIT: readonly Role[] = ['auditor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const FINANCE_READERS: readonly Role[] = ['accountant', 'auditor', 'admin'];
const REPORT_READERS: readonly Role[] = ['officer', 'approver', 'accountant', 'auditor', 'admin'];
const ANYONE: readonly Role[] = [...STAFF_AND_AUDIT, 'finance-system'];
const items = (body: unknown) => (body as { items: { id: string }[] }).items.map((i) => i.id);
const none = (why: string): ReadRoute => ({ kind: 'public', roles: [], url: () => '', reason: why });

/** One row per GET route of the OpenAPI document, keyed by its OpenAPI path. */
export const READ_ROUTES: Readonly<Record<string, ReadRoute>> = {
  '/api/v1/projects': { kind: 'collection', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/projects?programmeId=${t.programmeId}&limit=100`, ids: items },
  '/api/v1/projects/{id}': { kind: 'object', roles: STAFF_AND_AUDIT, url: (t, p) => `/api/v1/projects/${t.projects[p]}`, unknownUrl: () => '/api/v1/projects/no-such-project' },
  '/api/v1/projects/{id}/history': {
    kind: 'object',
    roles: STAFF_AND_AUDIT,
    url: (t, p) => `/api/v1/projects/${t.projects[p]}/history`,
    unknownUrl: () => '/api/v1/projects/no-such-project/history',
  },
  '/api/v1/projects/{id}/state': {
    kind: 'object',
    roles: STAFF_AND_AUDIT,
    url: (t, p) => `/api/v1/projects/${t.projects[p]}/state?version=2`,
    unknownUrl: () => '/api/v1/projects/no-such-project/state?version=2',
  },
  '/api/v1/projects/{id}/documents': {
    kind: 'object',
    roles: STAFF_AND_AUDIT,
    url: (t, p) => `/api/v1/projects/${t.projects[p]}/documents`,
    unknownUrl: () => '/api/v1/projects/no-such-project/documents',
  },
  '/api/v1/documents/{docId}/content': {
    kind: 'object',
    roles: STAFF_AND_AUDIT,
    url: (t, p) => `/api/v1/documents/${t.documents[p]}/content`,
    unknownUrl: () => '/api/v1/documents/no-such-document/content',
  },
  '/api/v1/stats': { kind: 'stats', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/stats?programmeId=${t.programmeId}` },
  '/api/v1/reminders': {
    kind: 'collection',
    roles: STAFF_AND_AUDIT,
    url: (t, p) => `/api/v1/reminders?projectId=${t.projects[p]}`,
    perProject: true,
    ids: (body) => [...new Set((body as { items: { projectId: string }[] }).items.map((i) => i.projectId))],
  },
  '/api/v1/reminders/{id}': { kind: 'object', roles: STAFF_AND_AUDIT, url: (t, p) => `/api/v1/reminders/${t.reminders[p]}`, unknownUrl: () => '/api/v1/reminders/no-such-reminder' },
  '/api/v1/exports/360giving': {
    kind: 'collection',
    roles: AUDIT,
    url: (t) => `/api/v1/exports/360giving?programmeId=${t.programmeId}`,
    ids: (body, t) => (body as { grants: { id: string }[] }).grants.map((g) => g.id.slice(`360G-${t.openDataPrefix}-`.length)),
  },
  '/api/v1/programmes': { kind: 'province', roles: STAFF_AND_AUDIT, url: () => '/api/v1/programmes' },
  '/api/v1/programmes/{id}': { kind: 'province', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/programmes/${t.programmeId}` },
  '/api/v1/programmes/{id}/state': { kind: 'province', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/programmes/${t.programmeId}/state` },
  '/api/v1/programmes/{id}/reports/progress': { kind: 'whole-log', roles: REPORT_READERS, url: (t) => `/api/v1/programmes/${t.programmeId}/reports/progress?period=2026` },
  '/api/v1/programmes/{id}/plans': { kind: 'province', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/programmes/${t.plan.programmeId}/plans` },
  '/api/v1/programmes/{id}/plans/{planId}': { kind: 'province', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/programmes/${t.plan.programmeId}/plans/${t.plan.planId}` },
  '/api/v1/policies': { kind: 'province', roles: STAFF_AND_AUDIT, url: () => '/api/v1/policies' },
  '/api/v1/policies/{id}': { kind: 'province', roles: STAFF_AND_AUDIT, url: (t) => `/api/v1/policies/${t.policyId}` },
  '/api/v1/audit/verify': { kind: 'province', roles: AUDIT, url: () => '/api/v1/audit/verify' },
  '/api/v1/audit/checkpoints': { kind: 'province', roles: AUDIT, url: () => '/api/v1/audit/checkpoints' },
  '/api/v1/audit/events': { kind: 'whole-log', roles: AUDIT, url: () => '/api/v1/audit/events?fromPosition=1&toPosition=3' },
  '/api/v1/webhook-endpoints': { kind: 'province', roles: ADMIN, url: () => '/api/v1/webhook-endpoints' },
  '/api/v1/webhook-endpoints/{id}': { kind: 'province', roles: ADMIN, url: (t) => `/api/v1/webhook-endpoints/${t.endpointId}` },
  '/api/v1/webhook-endpoints/{id}/deliveries': { kind: 'whole-log', roles: ADMIN, url: (t) => `/api/v1/webhook-endpoints/${t.endpointId}/deliveries` },
  '/api/v1/contacts': { kind: 'province', roles: ADMIN, url: () => '/api/v1/contacts' },
  '/api/v1/areas/provinces': { kind: 'province', roles: ANYONE, url: () => '/api/v1/areas/provinces' },
  '/api/v1/areas/provinces/{code}/communes': { kind: 'province', roles: ANYONE, url: () => '/api/v1/areas/provinces/80/communes' },
  '/api/v1/integrations/finance/events': { kind: 'whole-log', roles: FINANCE_READERS, url: () => '/api/v1/integrations/finance/events?status=rejected' },
  '/health/live': none('operations: no token, no project data'),
  '/health/ready': none('operations: no token, no project data'),
  '/metrics': none('operations: Prometheus counters, no project data'),
  '/api/v1/console/dev/people': none('development sign-in: the demo people, present only with development features'),
};

/** What one read must answer. */
export type ReadExpectation =
  | { readonly status: 403; readonly code: 'AUTH.ROLE_NOT_ALLOWED' | 'AUTH.SCOPE_TOO_NARROW' }
  | { readonly status: 404; readonly asUnknown: true }
  | { readonly status: 200; readonly projects?: readonly ProjectKey[] };

/** The answer a reader must get from a route for a project (collections: the projects it holds). */
export function readExpectation(route: ReadRoute, reader: Reader, project: ProjectKey): ReadExpectation {
  if (!reader.roles.some((role) => route.roles.includes(role))) return { status: 403, code: 'AUTH.ROLE_NOT_ALLOWED' };
  switch (route.kind) {
    case 'object':
      return reader.sees.includes(project) ? { status: 200 } : { status: 404, asUnknown: true };
    case 'collection':
      return { status: 200, projects: route.perProject ? reader.sees.filter((p) => p === project) : reader.sees };
    case 'stats':
      return { status: 200, projects: reader.sees };
    case 'whole-log':
      return reader.areas === undefined ? { status: 200 } : { status: 403, code: 'AUTH.SCOPE_TOO_NARROW' };
    default:
      return { status: 200 };
  }
}

/** MAIN_PATH for project B: the officer sends the collaborator's step, and B has its own panel. */
function pathOfB(): readonly { step: Step; who: Identity }[] {
  return MAIN_PATH.map((step) => {
    const panel = step.command === 'OpenAppraisal' ? { ...step, body: { panel: ['appraiser-5', 'appraiser-6', 'appraiser-7', 'appraiser-8'] } } : step;
    const who = B_APPRAISER[step.person] ?? (step.person === 'collaborator' ? PEOPLE.officer : PEOPLE[step.person]);
    return { step: panel, who: who as Identity };
  });
}

/** Index after ApproveFunding on MAIN_PATH: both projects are funded (360Giving exports them). */
export const FUNDED = MAIN_PATH.findIndex((s) => s.command === 'ApproveFunding') + 1;
/** MAIN_PATH up to (without) the funding approval: the project is `recommended`. */
export const RECOMMENDED = FUNDED - 1;

/** Creates a draft in a commune and drives it along MAIN_PATH until (without) `stopBefore`. */
export async function projectIn(engine: TestEngine, programmeId: string, key: ProjectKey, stopBefore: number): Promise<string> {
  engine.clock.set('2026-03-02T02:00:00Z');
  const created = await engine.http
    .post('/api/v1/projects')
    .set(engine.auth(PEOPLE.officer.sub, ['officer'], ['80']))
    .send({ ...DRAFT, programmeId, beneficiary: { ...DRAFT.beneficiary, commune: COMMUNE[key] } });
  if (created.status !== 201) throw new Error(`CreateProjectDraft answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const path = key === 'A' ? MAIN_PATH.map((step) => ({ step, who: PEOPLE[step.person] as Identity })) : pathOfB();
  for (const { step, who } of path.slice(0, stopBefore)) {
    const res: Response = await sendAs(engine, id, step, who);
    if (res.status >= 300) throw new Error(`${step.command} on ${key} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return id;
}
