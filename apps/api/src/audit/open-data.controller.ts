import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { export360Giving } from '@app/audit';
import type { EngineConfig } from '@app/config';
import type { SqlDatabase } from '@app/event-store';
import { CONFIG, SQL_DATABASE } from '@app/runtime';
import { Roles } from '../http/auth/auth.decorators';
import { OpenDataQuery } from './audit.dto';

/** Open data exports of funded projects (no personal data). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('exports')
export class OpenDataController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get('360giving')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: "360Giving 1.4.3 JSON of a programme's funded projects: ids 360G-<OPEN_DATA_PREFIX>-<projectId>, amounts in VND; organisations by registered name, household businesses as anonymous individual recipients, no contact data" })
  async threeSixtyGiving(@Query() query: OpenDataQuery) {
    const { prefix, funderId, funderName } = this.config.openData;
    return export360Giving(this.db, query.programmeId, { prefix, funder: { id: funderId, name: funderName } });
  }
}
