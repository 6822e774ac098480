import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Clock, PolicyCatalog } from '@app/application';
import { TimeTravel } from '@app/audit';
import { DomainError, type Instant, notFound, type ProjectState, readScopeOf } from '@app/domain';
import { ReadModelQueries } from '@app/projections';
import { CLOCK } from '@app/runtime';
import type { Principal } from '../../http/auth/principal';
import { ProblemException } from '../../http/problem-details.filter';
import { ProjectVisibility } from '../../projects/project-visibility';
import { assembleReport, type ProgressReport, type ProgressReportRow, rowOf, type RowOptions } from './progress-report';
import type { ReportPeriod } from './report-period';

/**
 * The progress report of a programme for a period: one row per project that existed at the
 * period's end (or at `asOf`, when earlier). With `asOf` the figures are replayed from the log
 * up to that instant (recorded time), so a report sent then can be made again exactly; without
 * it they come from the read models. A whole-programme report, so a reader bound by areas or
 * panels is refused (403 `AUTH.SCOPE_TOO_NARROW`).
 *
 * @example
 * const report = await queryBus.execute(new GetProgressReport(principal, programmeId, parseReportPeriod('2026-Q1'), '2026-04-05T00:00:00+07:00'));
 */
export class GetProgressReport extends Query<ProgressReport> {
  constructor(
    readonly principal: Principal,
    readonly programmeId: string,
    readonly period: ReportPeriod,
    readonly asOf?: Instant,
  ) {
    super();
  }
}

@QueryHandler(GetProgressReport)
export class GetProgressReportHandler implements IQueryHandler<GetProgressReport, ProgressReport> {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly timeTravel: TimeTravel,
    private readonly visibility: ProjectVisibility,
    private readonly policies: PolicyCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, programmeId, period, asOf }: GetProgressReport): Promise<ProgressReport> {
    this.visibility.requireWholeProvince(principal, 'The progress report');
    const now = this.clock.now();
    if (asOf !== undefined && Date.parse(asOf) > now.getTime()) {
      throw new ProblemException({
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        detail: `asOf ${asOf} is in the future (now is ${now.toISOString()})`,
        errors: [{ field: 'asOf', message: 'asOf must not be in the future' }],
      });
    }
    const programme = await this.queries.getProgramme(programmeId);
    if (!programme) throw notFound('programme', programmeId, 'id');
    // The programme as it was then: refused (PROGRAMME.NOT_FOUND_AT) before it was opened.
    let name = programme.name;
    if (asOf !== undefined) {
      const past = (await this.timeTravel.programme(programmeId, { at: asOf })).state;
      if ('name' in past) name = past.name;
    }
    const figuresAt = asOf ?? now.toISOString();
    const cutoff = Math.min(Date.parse(period.endsAt) - 1, Date.parse(figuresAt));
    // Categories are named as the programme's pinned policy names them.
    const categories = this.policies.find(programme.policy.id, programme.policy.version)?.policy.categories;
    const options: RowOptions = {
      sealed: readScopeOf(principal).personalData === 'sealed',
      categoryName: (code) => (categories as Partial<Record<string, { nameVi: string }>> | undefined)?.[code]?.nameVi ?? code,
    };

    const rows: ProgressReportRow[] = [];
    for (const record of await this.queries.projectsOfProgramme(programmeId)) {
      if (record.createdAt === null || Date.parse(record.createdAt) > cutoff) continue;
      const state = asOf === undefined ? record.row.doc.state : await this.replayed(record.id, asOf);
      const row = state && rowOf(record.id, state, options);
      if (row) rows.push(row);
    }
    return assembleReport(
      {
        programme: { id: programme.id, code: programme.code, name },
        period,
        figuresAt,
        source: asOf === undefined ? 'read-models' : 'log',
      },
      rows,
    );
  }

  /** The project replayed up to `asOf`; undefined when it did not exist yet. */
  private async replayed(projectId: string, asOf: Instant): Promise<ProjectState | undefined> {
    try {
      return (await this.timeTravel.project(projectId, { at: asOf })).state;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PROJECT.NOT_FOUND_AT') return undefined;
      throw error;
    }
  }
}
