import { decidePlan, DistributiveOmit, DomainEvent, KnownPlan, notFound, PlanCommand, PlanState, ProjectState } from '@app/domain';
import {
  planAggregate,
  planIndexAggregate,
  planStreamId,
  programmeAggregate,
  programmePlansStreamId,
  programmeStreamId,
  projectAggregate,
  projectStreamId,
} from '../aggregates';
import { CommandContext, CommandExecutor, CommandOutcome, StreamLoader } from '../commands/command-executor';
import { PolicyCatalog } from '../policies/policy-catalog';

/** A plan command as the edge builds it: the actor and time come from the context. */
export type PlanCommandInput = DistributiveOmit<PlanCommand, 'actor' | 'at'>;

/**
 * Annual plan use cases: draft a plan of recommended projects, submit it, approve it. An
 * approval loads the plan, the programme and every project of the plan, and appends the plan's
 * decision, every project's `FundingApproved` and the programme's reservations in one atomic
 * multi-stream append, each stream at the version it was loaded at, or nothing.
 *
 * @example
 * await plans.execute({ type: 'ApprovePlan', planId, programmeId, decisionNo: '12/QĐ-UBND', decidedOn: '2026-04-10' }, context);
 */
export class PlanCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly policies: PolicyCatalog,
  ) {}

  execute(input: PlanCommandInput, context: CommandContext): Promise<CommandOutcome> {
    const command = { ...input, actor: context.actor, at: context.occurredAt } as PlanCommand;
    const planStream = planStreamId(command.planId);
    return this.executor.execute({
      primary: { id: command.planId, streamId: planStream, aggregate: planAggregate },
      context,
      type: command.type,
      result: command.type === 'CreatePlan' ? 'created' : 'updated',
      decide: async (load) => {
        const plan = await load(planStream, planAggregate);
        const programme = await load(programmeStreamId(command.programmeId), programmeAggregate);
        const active = programme.state;
        if (active.status !== 'active' || active.programmeId !== command.programmeId) throw notFound('programme', command.programmeId);
        const { policy, ref } = this.policies.get(active.policyId, active.policyVersion);
        const projects = await loadProjects(load, projectIdsOf(command, plan.state));
        const decision = decidePlan(command, { plan: plan.state, programme: programme.state, policy, projects });
        const appends: { streamId: string; events: readonly DomainEvent[] }[] = [{ streamId: planStream, events: decision.plan }];
        if (command.type === 'CreatePlan' && decision.plan.length > 0) {
          const index = await load(programmePlansStreamId(command.programmeId), planIndexAggregate);
          appends.push({
            streamId: index.streamId,
            events: [{ type: 'PlanListed', data: { programmeId: command.programmeId, planId: command.planId, at: command.at } }],
          });
        }
        for (const { projectId, events } of decision.projects) appends.push({ streamId: projectStreamId(projectId), events });
        appends.push({ streamId: programme.streamId, events: decision.programme });
        return { appends, policy: ref };
      },
    });
  }
}

/** The projects a command names: the items of a new plan, the plan's projects otherwise. */
function projectIdsOf(command: PlanCommand, plan: PlanState): string[] {
  const items = command.type === 'CreatePlan' ? command.items : plan.status === 'none' ? [] : plan.items;
  if (!Array.isArray(items)) return [];
  const ids = (items as readonly { projectId?: unknown }[]).map((i) => i?.projectId).filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)];
}

async function loadProjects(load: StreamLoader, ids: readonly string[]): Promise<Record<string, ProjectState>> {
  const projects: Record<string, ProjectState> = {};
  for (const id of ids) projects[id] = (await load(projectStreamId(id), projectAggregate)).state;
  return projects;
}

/**
 * Reads plans by folding their streams: the plans of a programme (from its plan list) and one plan.
 *
 * @example
 * const plan = await reads.get('la-2026', 'pl-1'); // undefined when unknown
 */
export class PlanReads {
  constructor(private readonly executor: CommandExecutor) {}

  /** The plans of a programme, in the order they were drafted. */
  async list(programmeId: string): Promise<(KnownPlan & { version: number })[]> {
    const index = await this.executor.load(programmePlansStreamId(programmeId), planIndexAggregate);
    const plans = await Promise.all(index.state.planIds.map((id) => this.get(programmeId, id)));
    return plans.filter((p): p is KnownPlan & { version: number } => p !== undefined);
  }

  /** One plan of a programme with its stream version; `undefined` when the programme has no such plan. */
  async get(programmeId: string, planId: string): Promise<(KnownPlan & { version: number }) | undefined> {
    const plan = await this.executor.load(planStreamId(planId), planAggregate);
    if (plan.state.status === 'none' || plan.state.programmeId !== programmeId) return undefined;
    return { ...plan.state, version: plan.version };
  }
}
