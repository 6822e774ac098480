import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { readScopeOf } from '@app/domain';
import { type ProjectListFilter, type ProjectListItem, ReadModelQueries } from '@app/projections';
import { ReminderQueries } from '@app/reminders';
import type { Principal } from '../../http/auth/principal';
import { concealListItem } from '../project-detail';

/** A page of the project list. */
export interface ProjectPage {
  readonly items: ProjectListItem[];
  readonly nextCursor?: string;
}

/** The list's filter as the reader gives it; `overdue` keeps (true) or leaves out (false) projects with overdue work. */
export type ProjectListRequest = Omit<ProjectListFilter, 'ids' | 'excludeIds' | 'scope'> & { readonly overdue?: boolean };

/**
 * The projects a principal may see, filtered before paging so pages stay full; a household
 * business's name is sealed for readers who see contact data sealed.
 *
 * @example
 * const page = await queryBus.execute(new ListProjects(principal, { status: 'submitted', limit: 20 }));
 */
export class ListProjects extends Query<ProjectPage> {
  constructor(
    readonly principal: Principal,
    readonly request: ProjectListRequest,
  ) {
    super();
  }
}

@QueryHandler(ListProjects)
export class ListProjectsHandler implements IQueryHandler<ListProjects, ProjectPage> {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly reminders: ReminderQueries,
  ) {}

  async execute({ principal, request }: ListProjects): Promise<ProjectPage> {
    const { overdue, ...filter } = request;
    const scope = readScopeOf(principal);
    const late = overdue === undefined ? undefined : await this.reminders.overdueProjectIds();
    const page = await this.queries.listProjects({
      ...filter,
      ...(overdue === true ? { ids: late } : overdue === false ? { excludeIds: late } : {}),
      scope,
    });
    return scope.personalData === 'opened' ? page : { ...page, items: page.items.map(concealListItem) };
  }
}
