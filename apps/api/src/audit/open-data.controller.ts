import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { Costly } from '../http/throttling/throttling';
import { READ_SCOPE_DESCRIPTION } from '../projects/project-visibility';
import { OpenDataQuery } from './audit.dto';
import { Export360Giving } from './queries/open-data.query';

/** Open data exports of funded projects (no personal data). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('exports')
export class OpenDataController {
  constructor(private readonly queries: QueryBus) {}

  @Get('360giving')
  @Roles('auditor', 'admin')
  @Costly()
  @ApiOperation({
    summary: "360Giving 1.4.3 JSON of a programme's funded projects: ids 360G-<OPEN_DATA_PREFIX>-<projectId>, amounts in VND; organisations by registered name, household businesses as anonymous individual recipients, no contact data",
    description: `Only the grants of projects the caller may see (each grant stands alone; there is no chain to break). ${READ_SCOPE_DESCRIPTION}`,
  })
  threeSixtyGiving(@Query() query: OpenDataQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new Export360Giving(principal, query.programmeId));
  }
}
