import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { readScopeOf } from '@app/domain';
import { ReadModelQueries, type Statistics } from '@app/projections';
import type { Principal } from '../../http/auth/principal';

/**
 * Counts and sums by status, category and commune over the projects the principal may see, of
 * one programme or all.
 *
 * @example
 * const stats = await queryBus.execute(new GetProjectStatistics(principal, programmeId));
 */
export class GetProjectStatistics extends Query<Statistics> {
  constructor(
    readonly principal: Principal,
    readonly programmeId?: string,
  ) {
    super();
  }
}

@QueryHandler(GetProjectStatistics)
export class GetProjectStatisticsHandler implements IQueryHandler<GetProjectStatistics, Statistics> {
  constructor(private readonly queries: ReadModelQueries) {}

  execute({ principal, programmeId }: GetProjectStatistics): Promise<Statistics> {
    // A scope that sees everything adds no condition (readScopeConditions).
    return this.queries.statistics(programmeId, readScopeOf(principal));
  }
}
