import type { Actor, Role } from '../shared';

/*
 * What a principal may read. One rule for every query path (list, detail, history, time
 * travel, reminders, statistics, exports):
 *
 * | role                                          | projects it sees                          | contact data   |
 * |-----------------------------------------------|-------------------------------------------|----------------|
 * | officer, collaborator                         | all (within `areas` when present)         | opened         |
 * | approver, accountant, admin                   | the whole province (within `areas`)       | opened         |
 * | auditor                                       | the whole province (within `areas`)       | sealed; reveal |
 * | appraiser                                     | those whose appraisal panel lists them    | opened         |
 * | finance-system                                | none (it reads nothing)                   | —              |
 *
 * A token with `areas` sees only projects whose province or commune is listed, whatever its
 * roles; several roles see the union of what each role sees.
 */

/** Roles that see every project of the province (bound by `areas` when the token has them). */
export const PROVINCE_READERS: readonly Role[] = ['officer', 'collaborator', 'approver', 'accountant', 'auditor', 'admin'];

/**
 * Roles that work with the beneficiary and see its contact data opened. Appraisers are among
 * them: they must know the establishment and its owner to declare a conflict of interest, and
 * they see only the projects of their own panels.
 */
export const PERSONAL_DATA_READERS: readonly Role[] = ['officer', 'collaborator', 'approver', 'accountant', 'admin', 'appraiser'];

/** What one principal may read. */
export interface ReadScope {
  /** The principal reads no project at all. */
  readonly nothing: boolean;
  /** Province or commune codes a project must lie in; undefined: no area bound. */
  readonly areas?: readonly string[];
  /** Only projects whose appraisal panel lists this user; undefined: every project (within `areas`). */
  readonly panelMember?: string;
  /** Contact data opened, or sealed unless asked for with a recorded reason. */
  readonly personalData: 'opened' | 'sealed';
}

/** The facts of a project that decide who sees it. */
export interface VisibilitySubject {
  readonly province: string;
  readonly commune: string;
  /** Everyone named on any of its appraisal panels. */
  readonly panel: readonly string[];
}

/**
 * The read scope of a principal: the union of what its roles see, bound by its areas.
 *
 * @example
 * readScopeOf({ id: 'o1', roles: ['officer'], areas: ['27694'] }); // { nothing: false, areas: ['27694'], personalData: 'opened' }
 * readScopeOf({ id: 'a1', roles: ['appraiser'] }); // { nothing: false, panelMember: 'a1', personalData: 'opened' }
 */
export function readScopeOf(principal: Actor): ReadScope {
  const wide = principal.roles.some((role) => PROVINCE_READERS.includes(role));
  const appraiser = principal.roles.includes('appraiser');
  const personalData = principal.roles.some((role) => PERSONAL_DATA_READERS.includes(role)) ? 'opened' : 'sealed';
  return {
    nothing: !wide && !appraiser,
    ...(principal.areas !== undefined ? { areas: [...principal.areas] } : {}),
    ...(!wide && appraiser ? { panelMember: principal.id } : {}),
    personalData,
  };
}

/**
 * Whether a project is within a read scope.
 *
 * @example
 * isVisible(readScopeOf(officerOf27694), { province: '80', commune: '27811', panel: [] }); // false
 */
export function isVisible(scope: ReadScope, project: VisibilitySubject): boolean {
  if (scope.nothing) return false;
  if (scope.areas !== undefined && !scope.areas.includes(project.province) && !scope.areas.includes(project.commune)) return false;
  return scope.panelMember === undefined || project.panel.includes(scope.panelMember);
}

/**
 * Whether the scope covers every project, so reads of the whole log (the audit export, webhook
 * delivery bodies) may be given.
 *
 * @example
 * seesEverything(readScopeOf({ id: 'x', roles: ['auditor'] })); // true
 */
export function seesEverything(scope: ReadScope): boolean {
  return !scope.nothing && scope.areas === undefined && scope.panelMember === undefined;
}

/** Which read showed personal data to a reader who sees it sealed. */
export type DisclosedIn = 'detail' | 'history' | 'state';

/**
 * A reader who sees contact data sealed asked for it with a reason, and was shown it. Appended
 * to `disclosures-<projectId>` (never to the project's stream, whose version does not move).
 */
export interface PersonalDataDisclosed {
  readonly type: 'PersonalDataDisclosed';
  readonly data: {
    readonly projectId: string;
    /** The data subject whose values were shown (`project_<projectId>`). */
    readonly subjectId: string;
    readonly disclosedIn: DisclosedIn;
    readonly reason: string;
    /** The principal shown the data (also the event's actor). */
    readonly disclosedTo: string;
    readonly at: string;
  };
}

/** Schema version of the disclosure events (no upcasters yet). */
export const DISCLOSURE_EVENT_SCHEMA_VERSIONS: Readonly<Record<PersonalDataDisclosed['type'], number>> = Object.freeze({ PersonalDataDisclosed: 1 });
