import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type IdGenerator, PlanCommands, PlanReads, ProgrammeCommands } from '@app/application';
import { notFound } from '@app/domain';
import { ProjectionManager, ReadModelQueries } from '@app/projections';
import { IDS } from '@app/runtime';
import { checkAreasOf, withWarnings } from '../areas/area-checks';
import { contentDisposition } from '../documents/content-headers';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { CommandContextFactory, etagOf, sendOutcome } from '../http/command-context';
import { CommandResultDto, ReadYourWritesQuery } from '../http/common.dto';
import { awaitPosition } from '../http/read-your-writes';
import { AdjustBudgetDto, CreatePlanDto, CreateProgrammeDto, PlanApprovalDto, ProgressReportQuery } from './programme.dto';
import { GetProgressReport } from './reports/progress-report.query';
import { progressReportCsv, progressReportXlsx } from './reports/progress-report.render';
import { type ReportPeriod, parseReportPeriod } from './reports/report-period';

/** The media type of an XLSX workbook. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    private readonly queryBus: QueryBus,
    @Inject(IDS) private readonly ids: IdGenerator,
    private readonly plans: PlanCommands,
    private readonly planReads: PlanReads,
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

  @Get(':id/reports/progress')
  @Roles('officer', 'approver', 'accountant', 'auditor', 'admin')
  @ApiOperation({
    summary: 'Progress report of the programme for a period (BÁO CÁO TIẾN ĐỘ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG), as XLSX or CSV',
    description:
      'One row per project that existed at the end of the period (or at `asOf`, when earlier), grouped by content category with a subtotal per category, a total, ' +
      'the total in Vietnamese words and a signature block. With `asOf` the figures are replayed from the log as recorded up to that instant, so a report sent then ' +
      'can be made again exactly; without it they are the read models\' (they equal `GET /programmes/{id}` and `GET /projects`). A report of the whole programme: ' +
      'a token bound by `areas` is refused (403 `AUTH.SCOPE_TOO_NARROW`). Household businesses\' names are `[sealed]` for auditors.',
  })
  @ApiProduces(XLSX_TYPE, 'text/csv')
  @ApiOkResponse({ description: 'The report file (Content-Disposition attachment, with the exact file name in filename*)' })
  async progressReport(
    @Param('id') id: string,
    @Query() query: ProgressReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    // The DTO has checked the form, so the period parses.
    const period = parseReportPeriod(query.period) as ReportPeriod;
    await awaitPosition(this.projections, query.minPosition, ['programmes', 'projects']);
    const report = await this.queryBus.execute(new GetProgressReport(principal, id, period, query.asOf));
    const csv = query.format === 'csv';
    const fileName = `Báo cáo tiến độ ${report.programme.code} ${period.code}.${csv ? 'csv' : 'xlsx'}`;
    const body = csv ? Buffer.from(progressReportCsv(report), 'utf8') : await progressReportXlsx(report);
    res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : XLSX_TYPE);
    res.setHeader('Content-Disposition', contentDisposition(fileName, true));
    res.setHeader('Content-Length', String(body.length));
    res.status(200).end(body);
  }

  @Post(':id/plans')
  @Roles('officer', 'admin')
  @ApiOperation({
    summary: 'Draft an annual plan (kế hoạch khuyến công) of recommended projects of the programme (officer, admin)',
    description: 'Each project must be recommended by its appraisal, of this programme and listed once; else 422 `PLAN.PROJECT_NOT_RECOMMENDED`, `PLAN.PROJECT_OF_ANOTHER_PROGRAMME` or `PLAN.DUPLICATE_PROJECT` naming the projects.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async createPlan(@Param('id') id: string, @Body() body: CreatePlanDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CommandResultDto> {
    const items = body.items.map((i) => ({ projectId: i.projectId, approvedSupportVnd: i.approvedSupportVnd }));
    const outcome = await this.plans.execute({ type: 'CreatePlan', planId: this.ids.next(), programmeId: id, title: body.title, items }, this.contexts.from(req));
    return sendOutcome(res, outcome);
  }

  @Post(':id/plans/:planId/submit')
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'Submit a draft plan for approval (officer, admin)' })
  @ApiOkResponse({ type: CommandResultDto })
  async submitPlan(@Param('id') id: string, @Param('planId') planId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CommandResultDto> {
    const outcome = await this.plans.execute({ type: 'SubmitPlan', planId, programmeId: id }, this.contexts.from(req));
    return sendOutcome(res, outcome);
  }

  @Post(':id/plans/:planId/approval')
  @Roles('approver')
  @ApiOperation({
    summary: 'Approve a submitted plan: every project approved and its support reserved in one atomic append, or nothing (approver)',
    description:
      "The approver's `authority` claim must cover the policy's plan-approval level (403 `AUTHORITY.INSUFFICIENT`); a plan over the available budget is 409 `FUNDING.BUDGET_EXCEEDED` with `shortfallVnd`; a project no longer recommended is 409 `PLAN.PROJECT_CHANGED` naming it.",
  })
  @ApiOkResponse({ type: CommandResultDto })
  async approvePlan(
    @Param('id') id: string,
    @Param('planId') planId: string,
    @Body() body: PlanApprovalDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResultDto> {
    const outcome = await this.plans.execute({ type: 'ApprovePlan', planId, programmeId: id, decisionNo: body.decisionNo, decidedOn: body.decidedOn }, this.contexts.from(req));
    return sendOutcome(res, outcome);
  }

  @Get(':id/plans')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'The annual plans of a programme, with their items and status', description: PROVINCE_LEVEL })
  async listPlans(@Param('id') id: string) {
    return { items: await this.planReads.list(id) };
  }

  @Get(':id/plans/:planId')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'One annual plan: items, total, status and decision', description: PROVINCE_LEVEL })
  async getPlan(@Param('id') id: string, @Param('planId') planId: string, @Res({ passthrough: true }) res: Response) {
    const plan = await this.planReads.get(id, planId);
    if (!plan) throw notFound('plan', planId, 'id');
    res.setHeader('ETag', etagOf(plan.version));
    return plan;
  }
}
