import type { PolicySet } from '../policy/policy-set';
import { PROGRAMME_EVENT_TYPES, type ProgrammeEvent } from '../programme/programme.events';
import { evolveProgramme, type ProgrammeState } from '../programme/programme.state';
import type { ProjectCommand } from '../project/project.commands';
import { decideProject } from '../project/project.decider';
import type { ProjectDecision } from '../project/project-decision';
import type { ProjectEvent } from '../project/project.events';
import { evolveProject } from '../project/project.evolve';
import type { ProjectState, ProjectStatus } from '../project/project.state';
import type { Decider } from '../shared';
import { cmd } from './command-builders';
import { actors, PROJECT_ID, policyOf, programmeCreated, T } from './fixture-basics';

/**
 * A programme and a project evolving together as the application would run them.
 */
export class World {
  programme: ProgrammeState = { status: 'none' };
  project: ProjectState = { status: 'none' };
  readonly history: ProjectEvent[] = [];
  readonly programmeHistory: ProgrammeEvent[] = [];
  readonly policy: PolicySet;

  constructor(
    created: ProgrammeEvent = programmeCreated(),
    policy?: PolicySet,
    /** Commands built for the default project are redirected to this one. */
    readonly projectId: string = PROJECT_ID,
  ) {
    this.policy = policy ?? policyOf(created);
    this.applyProgramme([created]);
  }

  private applyProgramme(events: readonly ProgrammeEvent[]): void {
    for (const e of events) {
      this.programme = evolveProgramme(this.programme, e);
      this.programmeHistory.push(e);
    }
  }

  /** Decides without recording. */
  decide(command: ProjectCommand): ProjectDecision {
    return this.decideOn(this.project, command);
  }

  /** Decides against `project` with this world's programme and policy, without recording. */
  decideOn(project: ProjectState, command: ProjectCommand): ProjectDecision {
    if (command.projectId === PROJECT_ID) command = { ...command, projectId: this.projectId };
    return decideProject(command, { project, programme: this.programme, policy: this.policy });
  }

  /** Decides and records, like a successful append. */
  run(...commands: ProjectCommand[]): this {
    for (const command of commands) {
      const decision = this.decide(command);
      for (const e of decision.project) {
        this.project = evolveProject(this.project, e);
        this.history.push(e);
      }
      this.applyProgramme(decision.programme);
    }
    return this;
  }

  get status(): ProjectStatus | 'none' {
    return this.project.status;
  }
}

/** How each status is reached: the status before it and the commands that lead on. */
const PATH: Record<ProjectStatus, readonly [ProjectStatus | undefined, () => ProjectCommand[]]> = {
  draft: [undefined, () => [cmd.create()]],
  submitted: ['draft', () => [cmd.submit()]],
  info_requested: ['submitted', () => [cmd.requestInfo()]],
  withdrawn: ['submitted', () => [cmd.withdraw()]],
  in_appraisal: ['submitted', () => [cmd.openAppraisal()]],
  recommended: [
    'in_appraisal',
    () => [cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }), cmd.conclude()],
  ],
  not_recommended: [
    'in_appraisal',
    () => [
      cmd.score({ actor: actors.a1 }),
      cmd.score({ actor: actors.a2 }),
      cmd.score({ actor: actors.a3 }),
      cmd.conclude({ recommend: false }),
    ],
  ],
  approved: ['recommended', () => [cmd.approve()]],
  rejected: ['recommended', () => [cmd.reject()]],
  contracted: ['approved', () => [cmd.signContract()]],
  in_implementation: ['contracted', () => [cmd.start()]],
  suspended: ['in_implementation', () => [cmd.suspend()]],
  terminated: ['in_implementation', () => [cmd.terminate()]],
  awaiting_acceptance: [
    'in_implementation',
    () => [cmd.progress(), cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment(), cmd.complete()],
  ],
  accepted: ['awaiting_acceptance', () => [cmd.accept()]],
  settlement_submitted: [
    'accepted',
    () => [
      cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
      cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
      cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002', at: T.finalPaid }),
      cmd.submitSettlement(),
    ],
  ],
  settled: ['settlement_submitted', () => [cmd.approveSettlement()]],
  in_post_evaluation: ['settled', () => [cmd.recordOutcome()]],
  closed: ['in_post_evaluation', () => [cmd.close()]],
};

/** Runs a world (a fresh one by default) up to `status` along the main path or its side exits. */
export function worldAt(status: ProjectStatus, world: World = new World()): World {
  const [before, commands] = PATH[status];
  if (before !== undefined) worldAt(before, world);
  return world.run(...commands());
}

/**
 * A decider over the world's programme and policy whose events are the project's followed by the
 * programme's, so given/when/then specs can state both halves of a decision.
 */
export function deciderOn(world: World): Decider<ProjectCommand, ProjectState, ProjectEvent | ProgrammeEvent> {
  const isProgrammeEvent = (e: ProjectEvent | ProgrammeEvent): e is ProgrammeEvent =>
    (PROGRAMME_EVENT_TYPES as readonly string[]).includes(e.type);
  return {
    initialState: { status: 'none' },
    decide: (command, project) => {
      const d = world.decideOn(project, command);
      return [...d.project, ...d.programme];
    },
    evolve: (state, event) => (isProgrammeEvent(event) ? state : evolveProject(state, event)),
  };
}
