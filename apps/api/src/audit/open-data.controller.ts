import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { export360Giving } from '@app/audit';
import type { EngineConfig } from '@app/config';
import { seesEverything } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { ReadModelQueries } from '@app/projections';
import { CONFIG, SQL_DATABASE } from '@app/runtime';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { Costly } from '../http/throttling/throttling';
import { ProjectVisibility, READ_SCOPE_DESCRIPTION } from '../projects/project-visibility';
import { OpenDataQuery } from './audit.dto';

/** Open data exports of funded projects (no personal data). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('exports')
export class OpenDataController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly visibility: ProjectVisibility,
    private readonly queries: ReadModelQueries,
  ) {}

  @Get('360giving')
  @Roles('auditor', 'admin')
  @Costly()
  @ApiOperation({
    summary: "360Giving 1.4.3 JSON of a programme's funded projects: ids 360G-<OPEN_DATA_PREFIX>-<projectId>, amounts in VND; organisations by registered name, household businesses as anonymous individual recipients, no contact data",
    description: `Only the grants of projects the caller may see (each grant stands alone; there is no chain to break). ${READ_SCOPE_DESCRIPTION}`,
  })
  async threeSixtyGiving(@Query() query: OpenDataQuery, @CurrentPrincipal() principal: Principal) {
    const { prefix, funderId, funderName } = this.config.openData;
    const all = await export360Giving(this.db, query.programmeId, { prefix, funder: { id: funderId, name: funderName } });
    const scope = this.visibility.scopeOf(principal);
    if (seesEverything(scope)) return all;
    const visible = await this.queries.visibleProjectIds(scope, query.programmeId);
    const idPrefix = `360G-${prefix}-`;
    return { ...all, grants: all.grants.filter((grant) => grant.id.startsWith(idPrefix) && visible.has(grant.id.slice(idPrefix.length))) };
  }
}
