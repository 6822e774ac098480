import type { Clock } from '@app/application';
import type { SqlDatabase } from '@app/event-store';
import type { Language } from './channels/reminder-messages';
import { Contact, ReminderStore } from './reminder-store';

/**
 * The e-mail addresses (and languages) reminders are sent to, by user id or `role:<role>`.
 *
 * @example
 * await contacts.setContact('officer-1', { email: 'officer@example.vn', language: 'vi' });
 */
export class ReminderContacts {
  constructor(
    private readonly db: SqlDatabase,
    private readonly reminderStore: ReminderStore,
    private readonly clock: Clock,
  ) {}

  async setContact(id: string, contact: { email: string; name?: string; language?: Language }): Promise<void> {
    await this.reminderStore.setContact(this.db, id, contact, this.clock.now().toISOString());
  }

  async contacts(): Promise<Contact[]> {
    return this.reminderStore.contacts(this.db);
  }
}
