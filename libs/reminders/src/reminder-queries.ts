import type { Clock } from '@app/application';
import type { SqlDatabase } from '@app/event-store';
import { ReminderFilter, ReminderRow, ReminderStore } from './reminder-store';

/**
 * Reads of the reminders read model (read-scoped by the caller's filter).
 *
 * @example
 * const mine = await queries.list({ assignees: ['officer-1'], status: 'open,sent', limit: 50 });
 */
export class ReminderQueries {
  constructor(
    private readonly db: SqlDatabase,
    private readonly reminderStore: ReminderStore,
    private readonly clock: Clock,
  ) {}

  async list(filter: ReminderFilter): Promise<ReminderRow[]> {
    return this.reminderStore.list(this.db, filter);
  }

  async get(id: string): Promise<ReminderRow | undefined> {
    return this.reminderStore.get(this.db, id);
  }

  /** Projects that have due work past its due time and not done. */
  async overdueProjectIds(): Promise<string[]> {
    return this.reminderStore.overdueProjectIds(this.db, this.clock.now().toISOString());
  }
}
