import {
  BusinessCalendarPort,
  decideDeadlines,
  DeadlineState,
  EVENT_UPCASTERS,
  evolveDeadlines,
  findPolicy,
  initialDeadlineState,
  PolicySet,
  ProjectEvent,
  REMINDER_EVENT_SCHEMA_VERSIONS,
  ReminderEvent,
} from '@app/domain';
import { DatabaseEventStore, EventSchemaRegistry, NewEvent, RecordedEvent, SqlDatabase, SqlStoreTransaction } from '@app/event-store';
import { EngineMetrics, Logger } from '@app/observability';
import { SubscriptionRunner } from '@app/projections';
import { deterministicUuid } from '../deterministic-id';
import { REMINDER_STREAM_PREFIX } from '../reminders.projection';

/** The workflow's identity in the metadata of the events it appends. */
export const DEADLINE_WORKFLOW_ACTOR = { id: 'deadline-workflow', roles: ['system'] };

interface WorkflowDoc {
  readonly state: DeadlineState;
  /** The policy the project pinned (deadline defaults come from it). */
  readonly policy?: { readonly id: string; readonly version: number };
}

const PROJECT_PREFIX = 'project-';

/**
 * The deadline workflow as a process manager on the log: a checkpointed subscription that folds
 * each project's events (and the sends and escalations the firing side appends) into the
 * workflow state, asks the pure `decideDeadlines` what to schedule, reschedule, complete or
 * cancel, and appends those reminder facts to `reminders-<projectId>` in the same transaction as
 * its checkpoint and its state. A crash repeats the batch whole; the appended events have ids
 * derived from what caused them, so nothing is ever decided twice.
 *
 * @example
 * const workflow = new DeadlineWorkflow(store, db, vnBusinessCalendar, { logger });
 * workflow.runner.start();
 */
export class DeadlineWorkflow {
  readonly runner: SubscriptionRunner;
  private readonly schemas = new EventSchemaRegistry(EVENT_UPCASTERS);
  private readonly policies: readonly PolicySet[] | undefined;

  constructor(
    private readonly store: DatabaseEventStore,
    db: SqlDatabase,
    private readonly calendar: BusinessCalendarPort,
    options: {
      logger?: Logger;
      metrics?: EngineMetrics;
      batchSize?: number;
      idleMs?: number;
      wakeDelayMs?: number;
      /** The policy sets a pinned id and version is looked up in (the shipped ones by default). */
      policies?: readonly PolicySet[];
    } = {},
  ) {
    this.policies = options.policies;
    this.runner = new SubscriptionRunner(store, db, {
      name: 'workflow:deadlines',
      batchSize: options.batchSize,
      idleMs: options.idleMs,
      // Deadlines are days away: gathering a burst of commands into one batch costs nothing.
      wakeDelayMs: options.wakeDelayMs ?? 100,
      logger: options.logger,
      metrics: options.metrics,
      handle: (events, tx) => this.handle(events, tx),
    });
  }

  private async handle(events: readonly RecordedEvent[], tx: SqlStoreTransaction): Promise<void> {
    const mine = events.filter((e) => e.streamId.startsWith(PROJECT_PREFIX) || e.streamId.startsWith(REMINDER_STREAM_PREFIX));
    if (mine.length === 0) return;
    const projectIdOf = (e: RecordedEvent) => e.streamId.slice(e.streamId.startsWith(PROJECT_PREFIX) ? PROJECT_PREFIX.length : REMINDER_STREAM_PREFIX.length);
    const ids = [...new Set(mine.map(projectIdOf))];
    const loaded = await tx.query<{ project_id: string; state: WorkflowDoc }>('SELECT project_id, state FROM deadline_states WHERE project_id = ANY($1::text[])', [ids]);
    const docs = new Map<string, WorkflowDoc>(loaded.rows.map((r) => [r.project_id, r.state]));
    const appends = new Map<string, NewEvent[]>();
    const last = new Map<string, number>();

    for (const event of mine) {
      const projectId = projectIdOf(event);
      let doc = docs.get(projectId) ?? { state: initialDeadlineState };
      const domainEvent = this.schemas.toDomainEvent<ProjectEvent | ReminderEvent>(event);
      if (event.streamId.startsWith(REMINDER_STREAM_PREFIX)) {
        // Our own decisions were folded when they were made; only the firing side's facts
        // (sends, escalations, failed deliveries) are new here.
        if (event.metadata.actor?.id !== DEADLINE_WORKFLOW_ACTOR.id) doc = { ...doc, state: evolveDeadlines(doc.state, domainEvent) };
      } else {
        if (domainEvent.type === 'ProjectDraftCreated') doc = { ...doc, policy: { id: domainEvent.data.policyId, version: domainEvent.data.policyVersion } };
        const policy = doc.policy ? findPolicy(doc.policy.id, doc.policy.version, this.policies) : undefined;
        const decided = policy ? decideDeadlines({ type: event.type, data: domainEvent.data, version: event.version }, doc.state, { policy, calendar: this.calendar }) : [];
        let state = evolveDeadlines(doc.state, domainEvent);
        for (const reminderEvent of decided) state = evolveDeadlines(state, reminderEvent);
        doc = { ...doc, state };
        if (decided.length > 0) {
          const list = appends.get(projectId) ?? [];
          decided.forEach((r, i) =>
            list.push({
              eventId: deterministicUuid(`deadline|${event.eventId}|${i}|${r.type}|${r.data.reminderId}`),
              type: r.type,
              schemaVersion: REMINDER_EVENT_SCHEMA_VERSIONS[r.type],
              data: r.data,
              metadata: { actor: DEADLINE_WORKFLOW_ACTOR, causationId: event.eventId, ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}) },
            }),
          );
          appends.set(projectId, list);
        }
      }
      docs.set(projectId, doc);
      last.set(projectId, event.position);
    }

    if (appends.size > 0) {
      // Every project's reminder stream in one append.
      await tx.appendToStreams(
        [...appends].map(([projectId, list]) => ({ streamId: `${REMINDER_STREAM_PREFIX}${projectId}`, expectedVersion: 'any' as const, events: list })),
      );
    }
    const rows = [...docs.entries()].filter(([id]) => last.has(id));
    await tx.query(
      `INSERT INTO deadline_states (project_id, state, position, updated_at)
       SELECT t.id, t.state, t.position, now() FROM unnest($1::text[], $2::jsonb[], $3::bigint[]) AS t(id, state, position)
       ON CONFLICT (project_id) DO UPDATE SET state = EXCLUDED.state, position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [rows.map(([id]) => id), rows.map(([, doc]) => JSON.stringify(doc)), rows.map(([id]) => last.get(id) ?? 0)],
    );
  }
}
