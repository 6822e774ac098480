import { assertNever } from '../shared';
import { appraisalEvolvers } from './project-appraisal.evolve';
import { closingEvolvers } from './project-closing.evolve';
import { documentEvolvers } from './project-documents.evolve';
import type { Evolvers } from './project-evolve.guards';
import { fundingEvolvers } from './project-funding.evolve';
import { implementationEvolvers } from './project-implementation.evolve';
import { proposalEvolvers } from './project-proposal.evolve';
import type { ProjectEvent } from './project.events';
import type { ProjectState } from './project.state';

/*
 * The Project's evolve, one file per lifecycle phase; this index joins their tables, so the
 * compiler refuses an event type without its evolver.
 */

const EVOLVERS: Evolvers<ProjectEvent> = {
  ...proposalEvolvers,
  ...appraisalEvolvers,
  ...fundingEvolvers,
  ...implementationEvolvers,
  ...closingEvolvers,
  ...documentEvolvers,
};

/**
 * Applies one recorded Project fact to the state.
 *
 * @example
 * const state = events.reduce(evolveProject, { status: 'none' } as ProjectState);
 */
export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (!Object.hasOwn(EVOLVERS, event.type)) return assertNever(event as never, 'project event');
  const evolve = EVOLVERS[event.type] as (state: ProjectState, event: ProjectEvent) => ProjectState;
  return evolve(state, event);
}
