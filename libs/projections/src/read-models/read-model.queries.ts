import type { ReadScope, VisibilitySubject } from '@app/domain';
import { SqlExecutor } from '@app/event-store';
import { ProgrammeQueries, ProgrammeView } from './programme-queries';
import { ProjectListFilter, ProjectPage, ProjectQueries, ProjectRecord, Statistics } from './project-queries';

export * from './programme-queries';
export * from './project-queries';

/**
 * Reads of the project and programme read models (their views always show the live
 * generation), one entry for the edge; each read model's queries live in their own file.
 *
 * @example
 * const page = await queries.listProjects({ q: 'keo khom', limit: 20 });
 */
export class ReadModelQueries {
  private readonly projects: ProjectQueries;
  private readonly programmes: ProgrammeQueries;

  constructor(sql: SqlExecutor) {
    this.projects = new ProjectQueries(sql);
    this.programmes = new ProgrammeQueries(sql);
  }

  /** See {@link ProjectQueries.listProjects}. */
  listProjects(filter: ProjectListFilter): Promise<ProjectPage> {
    return this.projects.listProjects(filter);
  }

  /** See {@link ProjectQueries.getProject}. */
  getProject(id: string): Promise<ProjectRecord | undefined> {
    return this.projects.getProject(id);
  }

  /** See {@link ProjectQueries.projectsOfProgramme}. */
  projectsOfProgramme(programmeId: string): Promise<ProjectRecord[]> {
    return this.projects.projectsOfProgramme(programmeId);
  }

  /** See {@link ProjectQueries.visibilityOf}. */
  visibilityOf(id: string): Promise<VisibilitySubject | undefined> {
    return this.projects.visibilityOf(id);
  }

  /** See {@link ProjectQueries.visibleProjectIds}. */
  visibleProjectIds(scope: ReadScope, programmeId?: string): Promise<Set<string>> {
    return this.projects.visibleProjectIds(scope, programmeId);
  }

  /** See {@link ProjectQueries.statistics}. */
  statistics(programmeId?: string, readScope?: ReadScope): Promise<Statistics> {
    return this.projects.statistics(programmeId, readScope);
  }

  /** See {@link ProgrammeQueries.listProgrammes}. */
  listProgrammes(): Promise<ProgrammeView[]> {
    return this.programmes.listProgrammes();
  }

  /** See {@link ProgrammeQueries.getProgramme}. */
  getProgramme(id: string): Promise<ProgrammeView | undefined> {
    return this.programmes.getProgramme(id);
  }
}
