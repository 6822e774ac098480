import type { Clock } from '@app/application';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';
import type { Logger } from '@app/observability';
import type { JobHandler, JobQueue } from '@app/queue';
import { Mailer } from './channels/mailer';
import { ReminderContacts } from './reminder-contacts';
import { ReminderEmails } from './reminder-emails';
import { ReminderFiring } from './reminder-firing';
import { ReminderQueries } from './reminder-queries';
import { ReminderStore } from './reminder-store';

export interface RemindersOptions {
  /** Sends reminder e-mails; without one, reminders go to the inbox and webhooks only. */
  readonly mailer?: Mailer;
  readonly logger?: Logger;
}

/**
 * Reminders, assembled from parts with one job each, over one {@link ReminderStore}:
 * - {@link ReminderQueries}: reads of the reminders read model;
 * - {@link ReminderFiring}: the triggers (delayed jobs re-created from the read model) and firing;
 * - {@link ReminderEmails}: e-mails, pending in PostgreSQL until sent;
 * - {@link ReminderContacts}: the addresses e-mails go to.
 *
 * The parts add jobs through the {@link JobQueue} port; {@link jobHandlers} are given to the
 * queue's workers when they start.
 *
 * @example
 * const reminders = new Reminders(store, db, queues, clock, { mailer });
 * await reminders.firing.reconcile();
 */
export class Reminders {
  readonly reminderStore = new ReminderStore();
  readonly queries: ReminderQueries;
  readonly contacts: ReminderContacts;
  readonly emails: ReminderEmails;
  readonly firing: ReminderFiring;

  constructor(events: DatabaseEventStore, db: SqlDatabase, queue: JobQueue, clock: Clock, options: RemindersOptions = {}) {
    this.queries = new ReminderQueries(db, this.reminderStore, clock);
    this.contacts = new ReminderContacts(db, this.reminderStore, clock);
    this.emails = new ReminderEmails(events, db, queue, this.reminderStore, clock, options);
    this.firing = new ReminderFiring(events, db, queue, this.reminderStore, this.emails, clock);
  }

  /** The job handlers of the reminders queue (trigger, e-mail, reconcile). */
  jobHandlers(): JobHandler[] {
    return [...this.firing.jobHandlers(), this.emails.jobHandler()];
  }
}
