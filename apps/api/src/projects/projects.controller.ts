import { applyDecorators, Body, Controller, Get, Inject, NotFoundException, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type IdGenerator, type ProjectCommandInput, ProjectCommands } from '@app/application';
import type { CategoryCode } from '@app/domain';
import { ProjectionManager } from '@app/projections';
import { IDS } from '@app/runtime';
import { checkAreasOf, withWarnings } from '../areas/area-checks';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { CommandContextFactory, etagOf, sendOutcome } from '../http/command-context';
import { CommandResultDto } from '../http/common.dto';
import { PositiveIntPipe, refuseFields } from '../http/pipes';
import { awaitPosition } from '../http/read-your-writes';
import { ConclusionDto, OpenAppraisalDto, ScoresDto } from './dto/appraisal.dto';
import { AcceptanceDto, CompletionDto, OutcomeDto, RefundDto, SettlementApprovalDto, SettlementDto } from './dto/closing.dto';
import { NoteDto, ReasonDto } from './dto/command-fields.dto';
import { ApprovalDto, ContractDto } from './dto/funding.dto';
import { AmendmentDecisionDto, AmendmentRequestDto, ImplementationDto, ProgressReportDto, TrancheApprovalDto, TrancheRequestDto } from './dto/implementation.dto';
import { CreateProjectDto, InfoRequestDto, SubmitDto, UpdateProjectDto } from './dto/proposal.dto';
import { HistoryQuery, ListProjectsQuery, ProjectDetailQuery, StatsQuery } from './dto/project-queries.dto';
import { READ_SCOPE_DESCRIPTION, revealRequest, SEALED_DESCRIPTION } from './project-visibility';
import { ListProjects } from './queries/list-projects.query';
import { GetProjectDetail } from './queries/project-detail.query';
import { GetProjectHistory } from './queries/project-history.query';
import { GetProjectStatistics } from './queries/project-statistics.query';

/** Commands are checked by the domain against the project's pinned policy (roles, area, duties). */
const PROJECT_WRITERS = ['officer', 'collaborator', 'appraiser', 'approver', 'accountant'] as const;

/** Where a project's command names its area (checked against the administrative registers). */
const BENEFICIARY_AREA = { province: 'beneficiary.province', commune: 'beneficiary.commune' } as const;

/** Where an amendment names its new area: a location change, or a new beneficiary's. */
const AMENDED_AREA = { province: 'changes.province', commune: 'changes.commune' } as const;
const AMENDED_BENEFICIARY_AREA = { province: 'changes.beneficiary.province', commune: 'changes.beneficiary.commune' } as const;

/** A positive whole number in the path: a tranche's or an amendment's. */
const PathNumber = (name: string): ParameterDecorator => Param(name, new PositiveIntPipe(name));

/**
 * A project command's route: the roles that may send it (the domain checks the rest) and its
 * answer, `CommandResultDto` with 200, or 201 for a creation.
 */
function ProjectCommandRoute(summary: string, status: 200 | 201 = 200): MethodDecorator {
  const answer = status === 201 ? ApiCreatedResponse({ type: CommandResultDto }) : ApiOkResponse({ type: CommandResultDto });
  return applyDecorators(Roles(...PROJECT_WRITERS), ApiOperation({ summary }), answer);
}

/**
 * The project routes: a command's body becomes the domain's input for `ProjectCommands`; a read
 * is a query on the `QueryBus` whose handler applies the read scope (ADR 12). Here stays HTTP:
 * roles, params, bodies, `ETag`, statuses.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly commands: ProjectCommands,
    private readonly contexts: CommandContextFactory,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionManager,
    @Inject(IDS) private readonly ids: IdGenerator,
  ) {}

  private async run(input: ProjectCommandInput, req: Request, res: Response): Promise<CommandResultDto> {
    const outcome = await this.commands.execute(input, this.contexts.from(req));
    return sendOutcome(res, outcome);
  }

  @Post('projects')
  @ProjectCommandRoute('Create a draft proposal (officer, collaborator)', 201)
  async create(@Body() body: CreateProjectDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { category, ...rest } = body;
    const warnings = checkAreasOf(body.beneficiary, BENEFICIARY_AREA, req);
    return withWarnings(await this.run({ type: 'CreateProjectDraft', projectId: this.ids.next(), ...rest, category: category as CategoryCode }, req, res), warnings);
  }

  @Patch('projects/:id')
  @ProjectCommandRoute('Change a draft (officer, collaborator)')
  async update(@Param('id') id: string, @Body() body: UpdateProjectDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { category, ...rest } = body;
    const warnings = body.beneficiary ? checkAreasOf(body.beneficiary, BENEFICIARY_AREA, req) : [];
    return withWarnings(await this.run({ type: 'UpdateProjectDraft', projectId: id, ...rest, ...(category ? { category: category as CategoryCode } : {}) }, req, res), warnings);
  }

  @Post('projects/:id/submit')
  @ProjectCommandRoute('Submit the proposal within the registration window (officer)')
  submit(@Param('id') id: string, @Body() body: SubmitDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SubmitProposal', projectId: id, declarations: { ...body.declarations } }, req, res);
  }

  @Post('projects/:id/info-requests')
  @ProjectCommandRoute('Ask the establishment for information (officer)')
  requestInfo(@Param('id') id: string, @Body() body: InfoRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RequestInformation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/info-responses')
  @ProjectCommandRoute('Record the information received (officer)')
  provideInfo(@Param('id') id: string, @Body() body: NoteDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ProvideInformation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/withdrawal')
  @ProjectCommandRoute('Withdraw the proposal before approval (officer)')
  withdraw(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawProposal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal')
  @ProjectCommandRoute('Open the appraisal with a panel (officer)')
  openAppraisal(@Param('id') id: string, @Body() body: OpenAppraisalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'OpenAppraisal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal/conflicts')
  @ProjectCommandRoute('Declare a conflict of interest and recuse (appraiser)')
  declareConflict(@Param('id') id: string, @Body() body: NoteDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DeclareConflict', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal/scores')
  @ProjectCommandRoute('Score the proposal on the pinned rubric (appraiser on the panel)')
  score(@Param('id') id: string, @Body() body: ScoresDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ScoreProposal', projectId: id, scores: { ...body.scores }, ...(body.comment ? { comment: body.comment } : {}) }, req, res);
  }

  @Post('projects/:id/appraisal/conclusion')
  @ProjectCommandRoute('Conclude the appraisal: quorum, pass mark, cap (approver)')
  conclude(@Param('id') id: string, @Body() body: ConclusionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ConcludeAppraisal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/approval')
  @ProjectCommandRoute('Approve funding and reserve it on the programme budget, atomically (approver)')
  approve(@Param('id') id: string, @Body() body: ApprovalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveFunding', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/rejection')
  @ProjectCommandRoute('Reject funding (approver)')
  reject(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RejectFunding', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/contract')
  @ProjectCommandRoute('Sign the contract with its tranche schedule (officer)')
  contract(@Param('id') id: string, @Body() body: ContractDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SignContract', projectId: id, contractNo: body.contractNo, signedOn: body.signedOn, tranches: body.tranches.map((t) => ({ ...t })) }, req, res);
  }

  @Post('projects/:id/implementation')
  @ProjectCommandRoute('Start implementation (officer)')
  start(@Param('id') id: string, @Body() body: ImplementationDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'StartImplementation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/progress-reports')
  @ProjectCommandRoute('Report monthly progress (officer)')
  progress(@Param('id') id: string, @Body() body: ProgressReportDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ReportProgress', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/tranches/:no/request')
  @ProjectCommandRoute('Request a tranche: advance rules of the pinned policy (officer)')
  requestTranche(@Param('id') id: string, @PathNumber('no') no: number, @Body() body: TrancheRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RequestTranche', projectId: id, trancheNo: no, amountVnd: body.amountVnd, evidenceRefs: [...body.evidenceRefs], ...(body.documentIds ? { documentIds: [...body.documentIds] } : {}) }, req, res);
  }

  @Post('projects/:id/tranches/:no/approval')
  @ProjectCommandRoute('Approve a tranche and issue its payment order (accountant, not the requester)')
  approveTranche(@Param('id') id: string, @PathNumber('no') no: number, @Body() body: TrancheApprovalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveTranche', projectId: id, trancheNo: no, paymentOrderNo: body.paymentOrderNo }, req, res);
  }

  @Post('projects/:id/tranches/:no/rejection')
  @ProjectCommandRoute('Reject a tranche request (accountant)')
  rejectTranche(@Param('id') id: string, @PathNumber('no') no: number, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RejectTranche', projectId: id, trancheNo: no, reason: body.reason }, req, res);
  }

  @Post('projects/:id/amendments')
  @ProjectCommandRoute('Request an amendment; its approval level follows from kind and money effect (officer)')
  async requestAmendment(@Param('id') id: string, @Body() body: AmendmentRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { category, ...changes } = body.changes;
    // A new place is checked against the administrative registers as at creation.
    const { province, commune, beneficiary } = changes;
    const warnings = beneficiary
      ? checkAreasOf(beneficiary, AMENDED_BENEFICIARY_AREA, req)
      : province !== undefined
        ? checkAreasOf({ province, commune }, AMENDED_AREA, req)
        : [];
    const input = { ...changes, ...(category === undefined ? {} : { category: category as CategoryCode }) };
    return withWarnings(await this.run({ type: 'RequestAmendment', projectId: id, kind: body.kind, reason: body.reason, changes: input }, req, res), warnings);
  }

  @Post('projects/:id/amendments/:n/decision')
  @ProjectCommandRoute('Approve or reject an amendment (approver)')
  decideAmendment(@Param('id') id: string, @PathNumber('n') n: number, @Body() body: AmendmentDecisionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DecideAmendment', projectId: id, amendmentNo: n, ...body }, req, res);
  }

  @Post('projects/:id/suspension')
  @ProjectCommandRoute('Suspend implementation (approver)')
  suspend(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SuspendProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/resumption')
  @ProjectCommandRoute('Resume implementation (approver)')
  resume(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ResumeProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/termination')
  @ProjectCommandRoute('Terminate a funded project; releases the unspent reservation (approver)')
  terminate(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'TerminateProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/completion')
  @ProjectCommandRoute('Declare the work completed (officer)')
  complete(@Param('id') id: string, @Body() body: CompletionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DeclareCompletion', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/acceptance')
  @ProjectCommandRoute('Record the acceptance (nghiệm thu) (officer)')
  accept(@Param('id') id: string, @Body() body: AcceptanceDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(
      { type: 'RecordAcceptance', projectId: id, passed: body.passed, minutesRef: body.minutesRef, indicators: { ...body.indicators }, ...(body.defects ? { defects: [...body.defects] } : {}), ...(body.documentIds ? { documentIds: [...body.documentIds] } : {}) },
      req,
      res,
    );
  }

  @Post('projects/:id/settlement')
  @ProjectCommandRoute('Submit the settlement dossier (quyết toán) (officer)')
  settle(@Param('id') id: string, @Body() body: SettlementDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SubmitSettlement', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/settlement/approval')
  @ProjectCommandRoute('Approve the settlement; releases the unspent reservation and demands refunds (approver)')
  approveSettlement(@Param('id') id: string, @Body() body: SettlementApprovalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveSettlement', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/refunds')
  @ProjectCommandRoute('Record a refund paid back to the treasury (accountant)')
  refund(@Param('id') id: string, @Body() body: RefundDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordRefund', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/outcomes')
  @ProjectCommandRoute('Record measured outcomes (post-evaluation) (officer)')
  outcome(@Param('id') id: string, @Body() body: OutcomeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordOutcome', projectId: id, measuredOn: body.measuredOn, indicators: { ...body.indicators } }, req, res);
  }

  @Post('projects/:id/closure')
  @ProjectCommandRoute('Close the project (officer)')
  close(@Param('id') id: string, @Body() body: Record<string, unknown> | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    refuseFields(body);
    return this.run({ type: 'CloseProject', projectId: id }, req, res);
  }

  @Get('projects')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'Projects, filtered; `q` ignores Vietnamese diacritics',
    description:
      `Only the projects the caller may see, filtered before paging so pages stay full. ${READ_SCOPE_DESCRIPTION} ` +
      "A reader who sees contact data sealed gets a household business's name (its owner's) as `[sealed]`, and `q` finds such a project by its title only.",
  })
  async list(@Query() query: ListProjectsQuery, @CurrentPrincipal() principal: Principal) {
    await awaitPosition(this.projections, query.minPosition, ['projects']);
    const { minPosition: _m, limit, ...filter } = query;
    return this.queries.execute(new ListProjects(principal, { ...filter, limit: limit ?? 20 }));
  }

  @Get('projects/:id')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'A project: version, status, amounts, appraisal, tranches',
    description: `${READ_SCOPE_DESCRIPTION} ${SEALED_DESCRIPTION}`,
  })
  async get(
    @Param('id') id: string,
    @Query() query: ProjectDetailQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await awaitPosition(this.projections, query.minPosition, ['projects']);
    const found = await this.queries.execute(new GetProjectDetail(principal, id, revealRequest(query, req.correlationId)));
    if (!found) throw new NotFoundException(`Unknown project ${id}`);
    res.setHeader('ETag', etagOf(found.version));
    return found.detail;
  }

  @Get('projects/:id/history')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'Every event of the project stream, with metadata and hashes, and the reminders sent and escalated for it',
    description:
      'Personal data is shown opened (or `[erased]`) in `data`; when that differs from what is stored, `storedData` gives the stored form (personal data sealed), over which the hashes are computed. ' +
      `${READ_SCOPE_DESCRIPTION} ${SEALED_DESCRIPTION}`,
  })
  async history(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const found = await this.queries.execute(new GetProjectHistory(principal, id, query.afterVersion ?? 0, revealRequest(query, req.correlationId)));
    if (!found) throw new NotFoundException(`Unknown project ${id}`);
    if (found.lastVersion !== undefined) res.setHeader('ETag', etagOf(found.lastVersion));
    return found.history;
  }

  @Get('stats')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'Counts and sums by status, category and commune', description: `Over the projects the caller may see. ${READ_SCOPE_DESCRIPTION}` })
  async stats(@Query() query: StatsQuery, @CurrentPrincipal() principal: Principal) {
    await awaitPosition(this.projections, query.minPosition, ['projects']);
    return this.queries.execute(new GetProjectStatistics(principal, query.programmeId));
  }
}
