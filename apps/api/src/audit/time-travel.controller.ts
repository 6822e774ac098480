import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AsOf, TimeTravel } from '@app/audit';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { etagOf } from '../http/command-context';
import { ProblemException } from '../http/problem-details.filter';
import { ProjectStateQuery } from '../projects/dto/project-queries.dto';
import { READ_SCOPE_DESCRIPTION, revealRequest, SEALED_DESCRIPTION } from '../projects/project-visibility';
import { StateAsOfQuery } from './audit.dto';
import { GetProjectStateAsOf } from './queries/project-state.query';

/** At most one of `version`, `at`, `asOfEffective`; none means the latest state. */
function asOfFrom(query: StateAsOfQuery): AsOf {
  const given = (['version', 'at', 'asOfEffective'] as const).filter((name) => query[name] !== undefined);
  if (given.length > 1) {
    throw new ProblemException({
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      detail: `Give one of version, at or asOfEffective, not ${given.join(' and ')}`,
      errors: given.map((field) => ({ field, message: 'only one of version, at, asOfEffective may be given' })),
    });
  }
  if (query.version !== undefined) return { version: query.version };
  if (query.at !== undefined) return { at: query.at };
  if (query.asOfEffective !== undefined) return { asOfEffective: query.asOfEffective };
  return { latest: true };
}

/**
 * Time travel: a project's or a programme's state replayed from the log as it was at a
 * version, a recorded instant, or an effective instant. Read-only; staff and auditors. A
 * project is read within the caller's read scope; a programme (a province-level budget, no
 * personal data) by every reader.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class TimeTravelController {
  constructor(
    private readonly timeTravel: TimeTravel,
    private readonly queries: QueryBus,
  ) {}

  @Get('projects/:id/state')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'A project as it was: ?version=, ?at=<instant> (recorded time) or ?asOfEffective=<instant> (effective time); replayed from the log',
    description: `Visibility follows where the project lies now. ${READ_SCOPE_DESCRIPTION} ${SEALED_DESCRIPTION}`,
  })
  async project(
    @Param('id') id: string,
    @Query() query: ProjectStateQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const past = await this.queries.execute(new GetProjectStateAsOf(principal, id, asOfFrom(query), revealRequest(query, req.correlationId)));
    res.setHeader('ETag', etagOf(past.version));
    return past;
  }

  @Get('programmes/:id/state')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'A programme as it was: ?version=, ?at= or ?asOfEffective=; replayed from the log',
    description: 'A programme is a province-level object (its budget and envelope carry no personal data): every reader may replay it, whatever its areas.',
  })
  async programme(@Param('id') id: string, @Query() query: StateAsOfQuery, @Res({ passthrough: true }) res: Response) {
    const past = await this.timeTravel.programme(id, asOfFrom(query));
    res.setHeader('ETag', etagOf(past.version));
    return past;
  }
}
