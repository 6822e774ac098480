import { Body, Controller, Get, Inject, NotFoundException, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { IdGenerator, ProjectCommandInput } from '@app/application';
import { type CategoryCode, isVisible, seesEverything } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ProjectionManager, ReadModelQueries } from '@app/projections';
import { concealEvents, concealPersonalValues, PersonalDataGuard, subjectOfProject } from '@app/privacy';
import { ReminderQueries } from '@app/reminders';
import { EVENT_STORE, IDS } from '@app/runtime';
import { RunProjectCommand } from '../commands/engine-commands';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { CommandContextFactory, etagOf, sendOutcome } from '../http/command-context';
import { CommandResultDto } from '../http/common.dto';
import { PositiveIntPipe, refuseFields } from '../http/pipes';
import { awaitPosition } from '../http/read-your-writes';
import {
  AcceptanceDto,
  AmendmentDecisionDto,
  AmendmentRequestDto,
  ApprovalDto,
  CompletionDto,
  ConclusionDto,
  ContractDto,
  CreateProjectDto,
  ImplementationDto,
  InfoRequestDto,
  NoteDto,
  OpenAppraisalDto,
  OutcomeDto,
  ProgressReportDto,
  ReasonDto,
  RefundDto,
  ScoresDto,
  SettlementApprovalDto,
  SettlementDto,
  SubmitDto,
  TrancheApprovalDto,
  TrancheRequestDto,
  UpdateProjectDto,
} from './dto/project-commands.dto';
import { HistoryQuery, ListProjectsQuery, ProjectDetailQuery, REVEAL_PERSONAL_DATA, StatsQuery } from './dto/project-queries.dto';
import { concealListItem, toProjectDetail, visibilitySubjectOf } from './project-detail';
import { DisclosedIn, ProjectVisibility, READ_SCOPE_DESCRIPTION, SEALED_DESCRIPTION } from './project-visibility';

/** Commands are checked by the domain against the project's pinned policy (roles, area, duties). */
const PROJECT_WRITERS = ['officer', 'collaborator', 'appraiser', 'approver', 'accountant'] as const;

type Input = ProjectCommandInput;

@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly queries: ReadModelQueries,
    private readonly projections: ProjectionManager,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reminders: ReminderQueries,
    private readonly guard: PersonalDataGuard,
    private readonly visibility: ProjectVisibility,
    @Inject(IDS) private readonly ids: IdGenerator,
  ) {}

  private async run(input: Input, req: Request, res: Response): Promise<CommandResultDto> {
    const outcome = await this.commands.execute(new RunProjectCommand(input, this.contexts.from(req)));
    return sendOutcome(res, outcome);
  }

  @Post('projects')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Create a draft proposal (officer, collaborator)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  create(@Body() body: CreateProjectDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { category, ...rest } = body;
    return this.run({ type: 'CreateProjectDraft', projectId: this.ids.next(), ...rest, category: category as CategoryCode }, req, res);
  }

  @Patch('projects/:id')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Change a draft (officer, collaborator)' })
  @ApiOkResponse({ type: CommandResultDto })
  update(@Param('id') id: string, @Body() body: UpdateProjectDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { category, ...rest } = body;
    return this.run({ type: 'UpdateProjectDraft', projectId: id, ...rest, ...(category ? { category: category as CategoryCode } : {}) }, req, res);
  }

  @Post('projects/:id/submit')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Submit the proposal within the registration window (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  submit(@Param('id') id: string, @Body() body: SubmitDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SubmitProposal', projectId: id, declarations: { ...body.declarations } }, req, res);
  }

  @Post('projects/:id/info-requests')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Ask the establishment for information (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  requestInfo(@Param('id') id: string, @Body() body: InfoRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RequestInformation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/info-responses')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Record the information received (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  provideInfo(@Param('id') id: string, @Body() body: NoteDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ProvideInformation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/withdrawal')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Withdraw the proposal before approval (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  withdraw(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'WithdrawProposal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Open the appraisal with a panel (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  openAppraisal(@Param('id') id: string, @Body() body: OpenAppraisalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'OpenAppraisal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal/conflicts')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Declare a conflict of interest and recuse (appraiser)' })
  @ApiOkResponse({ type: CommandResultDto })
  declareConflict(@Param('id') id: string, @Body() body: NoteDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DeclareConflict', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/appraisal/scores')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Score the proposal on the pinned rubric (appraiser on the panel)' })
  @ApiOkResponse({ type: CommandResultDto })
  score(@Param('id') id: string, @Body() body: ScoresDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ScoreProposal', projectId: id, scores: { ...body.scores }, ...(body.comment ? { comment: body.comment } : {}) }, req, res);
  }

  @Post('projects/:id/appraisal/conclusion')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Conclude the appraisal: quorum, pass mark, cap (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  conclude(@Param('id') id: string, @Body() body: ConclusionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ConcludeAppraisal', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/approval')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Approve funding and reserve it on the programme budget, atomically (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  approve(@Param('id') id: string, @Body() body: ApprovalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveFunding', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/rejection')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Reject funding (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  reject(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RejectFunding', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/contract')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Sign the contract with its tranche schedule (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  contract(@Param('id') id: string, @Body() body: ContractDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SignContract', projectId: id, contractNo: body.contractNo, signedOn: body.signedOn, tranches: body.tranches.map((t) => ({ ...t })) }, req, res);
  }

  @Post('projects/:id/implementation')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Start implementation (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  start(@Param('id') id: string, @Body() body: ImplementationDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'StartImplementation', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/progress-reports')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Report monthly progress (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  progress(@Param('id') id: string, @Body() body: ProgressReportDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ReportProgress', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/tranches/:no/request')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Request a tranche: advance rules of the pinned policy (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  requestTranche(
    @Param('id') id: string,
    @Param('no', new PositiveIntPipe('no')) no: number,
    @Body() body: TrancheRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'RequestTranche', projectId: id, trancheNo: no, amountVnd: body.amountVnd, evidenceRefs: [...body.evidenceRefs] }, req, res);
  }

  @Post('projects/:id/tranches/:no/approval')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Approve a tranche and issue its payment order (accountant, not the requester)' })
  @ApiOkResponse({ type: CommandResultDto })
  approveTranche(
    @Param('id') id: string,
    @Param('no', new PositiveIntPipe('no')) no: number,
    @Body() body: TrancheApprovalDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'ApproveTranche', projectId: id, trancheNo: no, paymentOrderNo: body.paymentOrderNo }, req, res);
  }

  @Post('projects/:id/tranches/:no/rejection')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Reject a tranche request (accountant)' })
  @ApiOkResponse({ type: CommandResultDto })
  rejectTranche(
    @Param('id') id: string,
    @Param('no', new PositiveIntPipe('no')) no: number,
    @Body() body: ReasonDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'RejectTranche', projectId: id, trancheNo: no, reason: body.reason }, req, res);
  }

  @Post('projects/:id/amendments')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Request an amendment; its approval level follows from kind and money effect (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  requestAmendment(@Param('id') id: string, @Body() body: AmendmentRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RequestAmendment', projectId: id, kind: body.kind, reason: body.reason, changes: { ...body.changes } }, req, res);
  }

  @Post('projects/:id/amendments/:n/decision')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Approve or reject an amendment (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  decideAmendment(
    @Param('id') id: string,
    @Param('n', new PositiveIntPipe('n')) n: number,
    @Body() body: AmendmentDecisionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run({ type: 'DecideAmendment', projectId: id, amendmentNo: n, ...body }, req, res);
  }

  @Post('projects/:id/suspension')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Suspend implementation (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  suspend(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SuspendProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/resumption')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Resume implementation (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  resume(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ResumeProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/termination')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Terminate a funded project; releases the unspent reservation (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  terminate(@Param('id') id: string, @Body() body: ReasonDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'TerminateProject', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/completion')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Declare the work completed (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  complete(@Param('id') id: string, @Body() body: CompletionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'DeclareCompletion', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/acceptance')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Record the acceptance (nghiệm thu) (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  accept(@Param('id') id: string, @Body() body: AcceptanceDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(
      { type: 'RecordAcceptance', projectId: id, passed: body.passed, minutesRef: body.minutesRef, indicators: { ...body.indicators }, ...(body.defects ? { defects: [...body.defects] } : {}) },
      req,
      res,
    );
  }

  @Post('projects/:id/settlement')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Submit the settlement dossier (quyết toán) (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  settle(@Param('id') id: string, @Body() body: SettlementDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'SubmitSettlement', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/settlement/approval')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Approve the settlement; releases the unspent reservation and demands refunds (approver)' })
  @ApiOkResponse({ type: CommandResultDto })
  approveSettlement(@Param('id') id: string, @Body() body: SettlementApprovalDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'ApproveSettlement', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/refunds')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Record a refund paid back to the treasury (accountant)' })
  @ApiOkResponse({ type: CommandResultDto })
  refund(@Param('id') id: string, @Body() body: RefundDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordRefund', projectId: id, ...body }, req, res);
  }

  @Post('projects/:id/outcomes')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Record measured outcomes (post-evaluation) (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
  outcome(@Param('id') id: string, @Body() body: OutcomeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run({ type: 'RecordOutcome', projectId: id, measuredOn: body.measuredOn, indicators: { ...body.indicators } }, req, res);
  }

  @Post('projects/:id/closure')
  @Roles(...PROJECT_WRITERS)
  @ApiOperation({ summary: 'Close the project (officer)' })
  @ApiOkResponse({ type: CommandResultDto })
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
    const { minPosition: _m, overdue, limit, ...filter } = query;
    const scope = this.visibility.scopeOf(principal);
    const late = overdue === undefined ? undefined : await this.reminders.overdueProjectIds();
    const page = await this.queries.listProjects({
      ...filter,
      ...(overdue === true ? { ids: late } : overdue === false ? { excludeIds: late } : {}),
      scope,
      limit: limit ?? 20,
    });
    return scope.personalData === 'opened' ? page : { ...page, items: page.items.map(concealListItem) };
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
    const found = await this.queries.getProject(id);
    const scope = this.visibility.scopeOf(principal);
    // Out of scope answers exactly as an unknown id: nothing tells that the project exists.
    if (!found || !isVisible(scope, visibilitySubjectOf(found, found.row.doc))) throw new NotFoundException(`Unknown project ${id}`);
    const opened = await this.personalDataShown(principal, id, 'detail', query, req);
    res.setHeader('ETag', etagOf(found.version));
    const reminders = await this.reminders.list({ projectId: id, status: 'open,sent,escalated', limit: 100 });
    const detail = { ...toProjectDetail(found, found.row.doc), dataSubjectId: subjectOfProject(id), reminders };
    return opened ? detail : concealPersonalValues(detail, found.row.doc.state);
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
    if (!(await this.visibility.canSee(principal, id))) throw new NotFoundException(`Unknown project ${id}`);
    const stored = await this.store.readStream(`project-${id}`, { fromVersion: (query.afterVersion ?? 0) + 1 });
    if (stored.length === 0 && (query.afterVersion ?? 0) === 0) throw new NotFoundException(`Unknown project ${id}`);
    const shown = await this.personalDataShown(principal, id, 'history', query, req);
    const opened = await this.guard.open(stored);
    const storedData = new Map(stored.map((e, i) => [e.eventId, opened[i]?.data === e.data ? undefined : e.data]));
    const events = shown ? opened : concealEvents(stored, opened);
    const reminders = await this.store.readStream(`reminders-${id}`);
    const last = events[events.length - 1];
    if (last) res.setHeader('ETag', etagOf(last.version));
    return {
      projectId: id,
      items: [...events, ...reminders]
        .sort((a, b) => a.position - b.position)
        .map((e) => ({
          position: e.position,
          streamId: e.streamId,
          version: e.version,
          type: e.type,
          schemaVersion: e.schemaVersion,
          eventId: e.eventId,
          recordedAt: e.recordedAt,
          data: e.data,
          ...(storedData.get(e.eventId) !== undefined ? { storedData: storedData.get(e.eventId) } : {}),
          metadata: e.metadata,
          prevHash: e.prevHash,
          hash: e.hash,
        })),
    };
  }

  @Get('stats')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'Counts and sums by status, category and commune', description: `Over the projects the caller may see. ${READ_SCOPE_DESCRIPTION}` })
  async stats(@Query() query: StatsQuery, @CurrentPrincipal() principal: Principal) {
    await awaitPosition(this.projections, query.minPosition, ['projects']);
    const scope = this.visibility.scopeOf(principal);
    return this.queries.statistics(query.programmeId, seesEverything(scope) ? undefined : scope);
  }

  /**
   * Whether the answer shows personal data opened: for roles that work with the beneficiary, or
   * when asked with `reveal=personal-data` and a reason, which is recorded first.
   */
  private async personalDataShown(principal: Principal, id: string, disclosedIn: DisclosedIn, query: { reveal?: string; reason?: string }, req: Request): Promise<boolean> {
    if (this.visibility.scopeOf(principal).personalData === 'opened') return true;
    if (query.reveal !== REVEAL_PERSONAL_DATA || query.reason === undefined) return false;
    await this.visibility.recordDisclosure(principal, id, disclosedIn, query.reason, req.correlationId);
    return true;
  }
}
