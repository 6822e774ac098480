import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AsOf, TimeTravel } from '@app/audit';
import { Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import { etagOf } from '../http/command-context';
import { ProblemException } from '../http/problem-details.filter';
import { StateAsOfQuery } from './audit.dto';

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
 * version, a recorded instant, or an effective instant. Read-only; staff and auditors.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class TimeTravelController {
  constructor(private readonly timeTravel: TimeTravel) {}

  @Get('projects/:id/state')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'A project as it was: ?version=, ?at=<instant> (recorded time) or ?asOfEffective=<instant> (effective time); replayed from the log',
  })
  async project(@Param('id') id: string, @Query() query: StateAsOfQuery, @Res({ passthrough: true }) res: Response) {
    const past = await this.timeTravel.project(id, asOfFrom(query));
    res.setHeader('ETag', etagOf(past.version));
    return past;
  }

  @Get('programmes/:id/state')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'A programme as it was: ?version=, ?at= or ?asOfEffective=; replayed from the log' })
  async programme(@Param('id') id: string, @Query() query: StateAsOfQuery, @Res({ passthrough: true }) res: Response) {
    const past = await this.timeTravel.programme(id, asOfFrom(query));
    res.setHeader('ETag', etagOf(past.version));
    return past;
  }
}
