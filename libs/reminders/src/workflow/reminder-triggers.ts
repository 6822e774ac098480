import { DatabaseEventStore, RecordedEvent, SqlDatabase } from '@app/event-store';
import { EngineMetrics, Logger } from '@app/observability';
import { SubscriptionRunner } from '@app/projections';
import { REMINDER_STREAM_PREFIX } from '../reminders.projection';

/** A job to add once the batch that found it committed. */
export interface Trigger {
  readonly reminderId: string;
  readonly phase: 'send' | 'escalate';
  readonly at: string;
}

/**
 * Turns reminder schedules into queue triggers: a checkpointed subscription over the reminder
 * streams that, for every scheduled or rescheduled reminder, adds the delayed jobs of its send
 * and escalation times after the batch committed. Jobs that were added and lost (Redis flushed)
 * come back through `ReminderFiring.reconcile`; a job for an outdated time finds the reminder
 * moved and does nothing.
 */
export class ReminderTriggers {
  readonly runner: SubscriptionRunner;

  constructor(
    store: DatabaseEventStore,
    db: SqlDatabase,
    schedule: (triggers: readonly Trigger[]) => Promise<void>,
    options: { logger?: Logger; metrics?: EngineMetrics; batchSize?: number; idleMs?: number; wakeDelayMs?: number } = {},
  ) {
    this.runner = new SubscriptionRunner(store, db, {
      name: 'reminders:triggers',
      batchSize: options.batchSize,
      idleMs: options.idleMs,
      // Deadlines are days away: gathering a burst of commands into one batch costs nothing.
      wakeDelayMs: options.wakeDelayMs ?? 100,
      logger: options.logger,
      metrics: options.metrics,
      handle: async (events) => {
        const found = events.flatMap(triggersOf);
        // Timers are set once the batch is committed; the reconciler re-creates any lost ones.
        if (found.length > 0) return () => schedule(found);
      },
    });
  }
}

function triggersOf(event: RecordedEvent): Trigger[] {
  if (!event.streamId.startsWith(REMINDER_STREAM_PREFIX)) return [];
  if (event.type !== 'ReminderScheduled' && event.type !== 'ReminderRescheduled') return [];
  const d = event.data as { reminderId: string; dueAt: string; noticeAt?: string; escalateAt?: string };
  const triggers: Trigger[] = [{ reminderId: d.reminderId, phase: 'send', at: d.noticeAt ?? d.dueAt }];
  if (d.escalateAt) triggers.push({ reminderId: d.reminderId, phase: 'escalate', at: d.escalateAt });
  return triggers;
}
