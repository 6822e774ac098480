import {
  evolvePlan,
  evolveProgramme,
  PlanEvent,
  PlanIndexEvent,
  PlanState,
  evolveProject,
  ProgrammeEvent,
  ProgrammeState,
  ProjectEvent,
  ProjectState,
} from '@app/domain';
import { AggregateType } from './commands/command-executor';

export const projectStreamId = (projectId: string): string => `project-${projectId}`;
export const programmeStreamId = (programmeId: string): string => `programme-${programmeId}`;

export const projectAggregate: AggregateType<ProjectState, ProjectEvent> = {
  name: 'project',
  initialState: { status: 'none' },
  evolve: evolveProject,
  status: (state) => state.status,
};

export const programmeAggregate: AggregateType<ProgrammeState, ProgrammeEvent> = {
  name: 'programme',
  initialState: { status: 'none' },
  evolve: evolveProgramme,
  status: (state) => state.status,
};

export const planStreamId = (planId: string): string => `plan-${planId}`;
/** The list of a programme's plans (`plans-<programmeId>`), one `PlanListed` per plan. */
export const programmePlansStreamId = (programmeId: string): string => `plans-${programmeId}`;

export const planAggregate: AggregateType<PlanState, PlanEvent> = {
  name: 'plan',
  initialState: { status: 'none' },
  evolve: evolvePlan,
  status: (state) => state.status,
};

/** The plan ids of a programme, in the order they were drafted. */
export interface PlanIndexState {
  readonly planIds: readonly string[];
}

export const planIndexAggregate: AggregateType<PlanIndexState, PlanIndexEvent> = {
  name: 'plan index',
  initialState: { planIds: [] },
  evolve: (state, event) => ({ planIds: [...state.planIds, event.data.planId] }),
  status: () => 'listed',
};
