import { Inject, Injectable } from '@nestjs/common';
import type { Clock, IdGenerator } from '@app/application';
import { replayProject } from '@app/audit';
import {
  type DisclosedIn,
  DISCLOSURE_EVENT_SCHEMA_VERSIONS,
  isVisible,
  type PersonalDataDisclosed,
  readScopeOf,
  seesEverything,
  type VisibilitySubject,
} from '@app/domain';
import { EventSchemaRegistry, type EventStore } from '@app/event-store';
import { ReadModelQueries } from '@app/projections';
import { subjectOfProject } from '@app/privacy';
import { CLOCK, EVENT_STORE, IDS } from '@app/runtime';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';
import { REVEAL_PERSONAL_DATA } from './dto/project-queries.dto';

/** The read scope as the OpenAPI descriptions of the reads state it. */
export const READ_SCOPE_DESCRIPTION =
  'Read scope: a token with `areas` sees only projects whose province or commune it lists; an appraiser sees the projects of its panels; ' +
  'officers, collaborators, approvers, accountants, auditors and admins see the whole province (bound by `areas` when present). ' +
  'A project out of scope answers 404 exactly like an unknown id.';

/** How contact data is shown, as the OpenAPI descriptions state it. */
export const SEALED_DESCRIPTION =
  "Contact data (the contact person's name and phone, a household business's name) is opened for officers, collaborators, appraisers, approvers, accountants and admins; " +
  'auditors get `[sealed]` in its place unless they send `reveal=personal-data&reason=…`, which records a `PersonalDataDisclosed` event first. Erased data reads `[erased]` for everyone.';

/** What a read asked of a project's personal data (`reveal=personal-data` and a reason), and its correlation id. */
export interface RevealRequest {
  readonly reveal?: string;
  readonly reason?: string;
  readonly correlationId?: string;
}

/**
 * The reveal request of a read's query, with the request's correlation id for the disclosure.
 *
 * @example
 * new GetProjectHistory(principal, id, 0, revealRequest(query, req.correlationId));
 */
export function revealRequest(query: { readonly reveal?: string; readonly reason?: string }, correlationId: string | undefined): RevealRequest {
  return { reveal: query.reveal, reason: query.reason, correlationId };
}

/** The stream recording who was shown a project's personal data, and why. */
export const disclosureStreamOf = (projectId: string): string => `disclosures-${projectId}`;

/**
 * Applies the read scope (`readScopeOf` in the domain) to single projects: whether a principal
 * may see one, from the project read model, or from the project's stream while the read model
 * has not caught up with a project just created. Also records disclosures of personal data.
 *
 * @example
 * if (!(await visibility.canSee(principal, id))) return undefined; // answered as an unknown id
 */
@Injectable()
export class ProjectVisibility {
  constructor(
    private readonly queries: ReadModelQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
    @Inject(IDS) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Refuses (403 `AUTH.SCOPE_TOO_NARROW`) a read of the whole log to a principal who may not
   * see every project: a partial copy of the log would not verify against its chain.
   */
  requireWholeProvince(principal: Principal, what: string): void {
    if (seesEverything(readScopeOf(principal))) return;
    throw new ProblemException({
      status: 403,
      code: 'AUTH.SCOPE_TOO_NARROW',
      detail: `${what} covers every project of the province; a token bound by areas or panels cannot read it`,
      details: { ...(principal.areas !== undefined ? { areas: principal.areas } : {}), roles: principal.roles },
    });
  }

  /** Whether the principal may see the project; false for an unknown project too. */
  async canSee(principal: Principal, projectId: string): Promise<boolean> {
    const scope = readScopeOf(principal);
    if (scope.nothing) return false;
    // A principal who sees every project needs no lookup; an unknown id is the route's own 404.
    if (seesEverything(scope)) return true;
    const subject = (await this.queries.visibilityOf(projectId)) ?? (await this.fromStream(projectId));
    return subject !== undefined && isVisible(scope, subject);
  }

  /**
   * Whether a read shows the project's personal data opened: for roles that work with the
   * beneficiary, or when asked with `reveal=personal-data` and a reason, which is recorded first.
   *
   * @example
   * const opened = await visibility.showsPersonalData(principal, id, 'history', { reveal, reason, correlationId });
   */
  async showsPersonalData(principal: Principal, projectId: string, disclosedIn: DisclosedIn, asked: RevealRequest): Promise<boolean> {
    if (readScopeOf(principal).personalData === 'opened') return true;
    if (asked.reveal !== REVEAL_PERSONAL_DATA || asked.reason === undefined) return false;
    await this.recordDisclosure(principal, projectId, disclosedIn, asked.reason, asked.correlationId);
    return true;
  }

  /**
   * Appends `PersonalDataDisclosed` (who, when, which subject, why) to the project's disclosure
   * stream; the project's own stream, version and ETag do not move.
   */
  async recordDisclosure(principal: Principal, projectId: string, disclosedIn: DisclosedIn, reason: string, correlationId?: string): Promise<void> {
    const event: PersonalDataDisclosed = {
      type: 'PersonalDataDisclosed',
      data: { projectId, subjectId: subjectOfProject(projectId), disclosedIn, reason, disclosedTo: principal.id, at: this.clock.now().toISOString() },
    };
    await this.store.appendToStreams([
      {
        streamId: disclosureStreamOf(projectId),
        expectedVersion: 'any',
        events: [
          {
            eventId: this.ids.next(),
            ...event,
            schemaVersion: DISCLOSURE_EVENT_SCHEMA_VERSIONS[event.type],
            metadata: { actor: { id: principal.id, roles: [...principal.roles] }, ...(correlationId ? { correlationId } : {}) },
          },
        ],
      },
    ]);
  }

  private async fromStream(projectId: string): Promise<VisibilitySubject | undefined> {
    const events = await this.store.readStream(`project-${projectId}`);
    if (events.length === 0) return undefined;
    const state = replayProject(events, this.schemas);
    if (state.status === 'none') return undefined;
    const panels = events.filter((e) => e.type === 'AppraisalOpened').flatMap((e) => (e.data as { panel?: string[] }).panel ?? []);
    return { province: state.proposal.beneficiary.province, commune: state.proposal.beneficiary.commune, panel: panels };
  }
}
