import {
  evolveProgramme,
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
