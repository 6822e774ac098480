import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { isVisible, readScopeOf } from '@app/domain';
import { ReadModelQueries } from '@app/projections';
import { concealPersonalValues, subjectOfProject } from '@app/privacy';
import { type ReminderRow, ReminderQueries } from '@app/reminders';
import type { Principal } from '../../http/auth/principal';
import { toProjectDetail, visibilitySubjectOf } from '../project-detail';
import { ProjectVisibility, type RevealRequest } from '../project-visibility';

/** `GET /projects/{id}`: the project, its subject id for erasure, and its due work. */
export type ProjectDetailView = ReturnType<typeof toProjectDetail> & { readonly dataSubjectId: string; readonly reminders: ReminderRow[] };

/**
 * One project as its reader may see it, with its open reminders; personal data sealed unless the
 * reader works with it or reveals it with a reason (recorded first). Undefined when the project is
 * unknown or out of the reader's scope: both answer alike.
 *
 * @example
 * const found = await queryBus.execute(new GetProjectDetail(principal, id, { reveal, reason, correlationId }));
 */
export class GetProjectDetail extends Query<{ version: number; detail: ProjectDetailView } | undefined> {
  constructor(
    readonly principal: Principal,
    readonly projectId: string,
    readonly asked: RevealRequest,
  ) {
    super();
  }
}

@QueryHandler(GetProjectDetail)
export class GetProjectDetailHandler implements IQueryHandler<GetProjectDetail> {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly reminders: ReminderQueries,
    private readonly visibility: ProjectVisibility,
  ) {}

  async execute({ principal, projectId, asked }: GetProjectDetail): Promise<{ version: number; detail: ProjectDetailView } | undefined> {
    const found = await this.queries.getProject(projectId);
    // Out of scope answers exactly as an unknown id: nothing tells that the project exists.
    if (!found || !isVisible(readScopeOf(principal), visibilitySubjectOf(found, found.row.doc))) return undefined;
    const opened = await this.visibility.showsPersonalData(principal, projectId, 'detail', asked);
    const reminders = await this.reminders.list({ projectId, status: 'open,sent,escalated', limit: 100 });
    const detail = { ...toProjectDetail(found, found.row.doc), dataSubjectId: subjectOfProject(projectId), reminders };
    return { version: found.version, detail: opened ? detail : concealPersonalValues(detail, found.row.doc.state) };
  }
}
