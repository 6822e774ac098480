import { decideProject, DistributiveOmit, notFound, ProjectCommand, referencedProgramme } from '@app/domain';
import { programmeAggregate, programmeStreamId, projectAggregate, projectStreamId } from '../aggregates';
import { CommandContext, CommandExecutor, CommandOutcome, CommandStore } from '../commands/command-executor';
import { PolicyCatalog } from '../policies/policy-catalog';

/** A project command as the edge builds it: the actor and time come from the context. */
export type ProjectCommandInput = DistributiveOmit<ProjectCommand, 'actor' | 'at'>;

/** Finds which project issued a payment order (order numbers are unique in the engine). */
export interface PaymentOrderLookup {
  projectOf(paymentOrderNo: string): Promise<string | undefined>;
}

/**
 * Every project use case through one path: load the project and its programme, decide with the
 * policy version the project pinned, append the project's events and (where budget moves) the
 * programme's, atomically, each stream at the version it was loaded at.
 *
 * @example
 * await projects.execute({ type: 'SubmitProposal', projectId, declarations }, context);
 */
export class ProjectCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyCatalog,
    private readonly paymentOrders?: PaymentOrderLookup,
  ) {}

  /** Runs a command; `store` binds it to a caller's transaction (see `ExecuteCommand.store`). */
  execute(input: ProjectCommandInput, context: CommandContext, store?: CommandStore): Promise<CommandOutcome> {
    const command = { ...input, actor: context.actor, at: context.occurredAt } as ProjectCommand;
    const projectStream = projectStreamId(command.projectId);
    return this.executor.execute({
      ...(store ? { store } : {}),
      primary: { id: command.projectId, streamId: projectStream, aggregate: projectAggregate },
      context,
      type: command.type,
      result: command.type === 'CreateProjectDraft' ? 'created' : 'updated',
      decide: async (load) => {
        const project = await load(projectStream, projectAggregate);
        let programmeId: string;
        if (command.type === 'CreateProjectDraft') {
          programmeId = command.programmeId;
        } else if (project.state.status === 'none') {
          throw notFound('project', command.projectId);
        } else {
          programmeId = project.state.programmeId;
        }
        const programme = await load(programmeStreamId(programmeId), programmeAggregate);
        const active = referencedProgramme(programme.state, programmeId);
        const pinned =
          project.state.status === 'none'
            ? { id: active.policyId, version: active.policyVersion }
            : { id: project.state.policyId, version: project.state.policyVersion };
        const { policy, ref } = this.policies.get(pinned.id, pinned.version);
        const paymentOrderOwner = command.type === 'ApproveTranche' ? await this.paymentOrders?.projectOf(command.paymentOrderNo) : undefined;
        const decision = decideProject(command, {
          project: project.state,
          programme: programme.state,
          policy,
          ...(paymentOrderOwner !== undefined ? { paymentOrderOwner } : {}),
        });
        return {
          appends: [
            { streamId: projectStream, events: decision.project },
            { streamId: programme.streamId, events: decision.programme },
          ],
          policy: ref,
        };
      },
    });
  }
}
