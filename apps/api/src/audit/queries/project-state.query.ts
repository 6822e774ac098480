import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type AsOf, type StateAsOf, TimeTravel } from '@app/audit';
import { notFound, type ProjectState } from '@app/domain';
import { concealPersonalValues } from '@app/privacy';
import type { Principal } from '../../http/auth/principal';
import { ProjectVisibility, type RevealRequest } from '../../projects/project-visibility';

/**
 * A project as it was at a version, a recorded or an effective instant, replayed from the log,
 * within the reader's scope (where the project lies now); personal data sealed unless the
 * reader works with it or reveals it with a reason (recorded first). A project out of scope is
 * refused as an unknown one (`PROJECT.NOT_FOUND`).
 *
 * @example
 * const past = await queryBus.execute(new GetProjectStateAsOf(principal, id, { version: 3 }, revealRequest(query, req.correlationId)));
 */
export class GetProjectStateAsOf extends Query<StateAsOf<ProjectState>> {
  constructor(
    readonly principal: Principal,
    readonly projectId: string,
    readonly asOf: AsOf,
    readonly asked: RevealRequest,
  ) {
    super();
  }
}

@QueryHandler(GetProjectStateAsOf)
export class GetProjectStateAsOfHandler implements IQueryHandler<GetProjectStateAsOf, StateAsOf<ProjectState>> {
  constructor(
    private readonly timeTravel: TimeTravel,
    private readonly visibility: ProjectVisibility,
  ) {}

  async execute({ principal, projectId, asOf, asked }: GetProjectStateAsOf): Promise<StateAsOf<ProjectState>> {
    // Out of scope answers exactly as an unknown project does.
    if (!(await this.visibility.canSee(principal, projectId))) throw notFound('project', projectId, 'id');
    const past = await this.timeTravel.project(projectId, asOf);
    const opened = await this.visibility.showsPersonalData(principal, projectId, 'state', asked);
    return opened ? past : concealPersonalValues(past, past.state);
  }
}
