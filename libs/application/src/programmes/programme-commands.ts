import { decideProgramme, DistributiveOmit, ProgrammeCommand } from '@app/domain';
import { programmeAggregate, programmeStreamId } from '../aggregates';
import { CommandContext, CommandExecutor, CommandOutcome } from '../commands/command-executor';
import { PolicyCatalog } from '../policies/policy-catalog';

/** A programme command as the edge builds it: the actor and time come from the context. */
export type ProgrammeCommandInput = DistributiveOmit<ProgrammeCommand, 'actor' | 'at'>;

/**
 * Programme use cases (admin): create a funding envelope pinned to a policy version, adjust its
 * budget.
 *
 * @example
 * await programmes.execute({ type: 'CreateProgramme', programmeId, ... }, context);
 */
export class ProgrammeCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyCatalog,
  ) {}

  execute(input: ProgrammeCommandInput, context: CommandContext): Promise<CommandOutcome> {
    const command = { ...input, actor: context.actor, at: context.occurredAt } as ProgrammeCommand;
    const streamId = programmeStreamId(command.programmeId);
    return this.executor.execute({
      primary: { id: command.programmeId, streamId, aggregate: programmeAggregate },
      context,
      type: command.type,
      result: command.type === 'CreateProgramme' ? 'created' : 'updated',
      decide: async (load) => {
        const programme = await load(streamId, programmeAggregate);
        const events = decideProgramme(command, programme.state, this.policies.sets);
        const created = events.find((e) => e.type === 'ProgrammeCreated');
        const pinned =
          created?.type === 'ProgrammeCreated'
            ? { id: created.data.policyId, version: created.data.policyVersion }
            : programme.state.status === 'active'
              ? { id: programme.state.policyId, version: programme.state.policyVersion }
              : undefined;
        return {
          appends: [{ streamId, events }],
          ...(pinned ? { policy: this.policies.get(pinned.id, pinned.version).ref } : {}),
        };
      },
    });
  }
}
