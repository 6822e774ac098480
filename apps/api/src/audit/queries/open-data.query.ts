import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { export360Giving, type Package360 } from '@app/audit';
import type { EngineConfig } from '@app/config';
import { readScopeOf, seesEverything } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { ReadModelQueries } from '@app/projections';
import { CONFIG, SQL_DATABASE } from '@app/runtime';
import type { Principal } from '../../http/auth/principal';

/**
 * A programme's funded projects as a 360Giving package, with only the grants of the projects
 * the principal may see (each grant stands alone, so a partial package is still whole).
 *
 * @example
 * const package360 = await queryBus.execute(new Export360Giving(principal, programmeId));
 */
export class Export360Giving extends Query<Package360> {
  constructor(
    readonly principal: Principal,
    readonly programmeId: string,
  ) {
    super();
  }
}

@QueryHandler(Export360Giving)
export class Export360GivingHandler implements IQueryHandler<Export360Giving, Package360> {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly queries: ReadModelQueries,
  ) {}

  async execute({ principal, programmeId }: Export360Giving): Promise<Package360> {
    const { prefix, funderId, funderName } = this.config.openData;
    const all = await export360Giving(this.db, programmeId, { prefix, funder: { id: funderId, name: funderName } });
    const scope = readScopeOf(principal);
    if (seesEverything(scope)) return all;
    const visible = await this.queries.visibleProjectIds(scope, programmeId);
    const idPrefix = `360G-${prefix}-`;
    return { ...all, grants: all.grants.filter((grant) => grant.id.startsWith(idPrefix) && visible.has(grant.id.slice(idPrefix.length))) };
  }
}
