import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type IdGenerator, ProgrammeCommands } from '@app/application';
import { ProjectionManager, ReadModelQueries } from '@app/projections';
import { IDS } from '@app/runtime';
import { checkAreasOf, withWarnings } from '../areas/area-checks';
import { Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import { CommandContextFactory, etagOf, sendOutcome } from '../http/command-context';
import { CommandResultDto, ReadYourWritesQuery } from '../http/common.dto';
import { awaitPosition } from '../http/read-your-writes';
import { AdjustBudgetDto, CreateProgrammeDto } from './programme.dto';

/** Programmes are read by every reader, whatever its areas (ADR 11). */
const PROVINCE_LEVEL =
  'A programme is a province-level object: its envelope and budget totals (over all its projects) carry no personal data, so every staff and audit reader sees it, whatever its `areas`.';

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammeCommands,
    private readonly contexts: CommandContextFactory,
    private readonly queries: ReadModelQueries,
    private readonly projections: ProjectionManager,
    @Inject(IDS) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Open a programme (funding envelope) pinned to a policy version' })
  @ApiCreatedResponse({ type: CommandResultDto })
  async create(@Body() body: CreateProgrammeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CommandResultDto> {
    const context = this.contexts.from(req);
    const warnings = body.province === undefined ? [] : checkAreasOf({ province: body.province }, { province: 'province' }, req);
    const outcome = await this.programmes.execute({ type: 'CreateProgramme', programmeId: this.ids.next(), ...body }, context);
    return withWarnings(sendOutcome(res, outcome), warnings);
  }

  @Post(':id/budget-adjustments')
  @Roles('admin')
  @ApiOperation({ summary: 'Raise or lower the budget by a decision' })
  @ApiOkResponse({ type: CommandResultDto })
  async adjust(@Param('id') id: string, @Body() body: AdjustBudgetDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CommandResultDto> {
    const outcome = await this.programmes.execute({ type: 'AdjustProgrammeBudget', programmeId: id, ...body }, this.contexts.from(req));
    return sendOutcome(res, outcome);
  }

  @Get()
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'Programmes with their budgets', description: PROVINCE_LEVEL })
  async list(@Query() query: ReadYourWritesQuery) {
    await awaitPosition(this.projections, query.minPosition, ['programmes', 'projects']);
    return { items: await this.queries.listProgrammes() };
  }

  @Get(':id')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'One programme: budget { totalVnd, reservedVnd, committedVnd, disbursedVnd, availableVnd }', description: PROVINCE_LEVEL })
  async get(@Param('id') id: string, @Query() query: ReadYourWritesQuery, @Res({ passthrough: true }) res: Response) {
    await awaitPosition(this.projections, query.minPosition, ['programmes', 'projects']);
    const programme = await this.queries.getProgramme(id);
    if (!programme) throw new NotFoundException(`Unknown programme ${id}`);
    res.setHeader('ETag', etagOf(programme.version));
    return programme;
  }
}
