import type { Clock } from '@app/application';
import { EventStore, SqlDatabase, SqlExecutor } from '@app/event-store';
import { Logger, silentLogger } from '@app/observability';
import type { JobHandler, JobQueue, JobToAdd } from '@app/queue';
import { Mailer } from './channels/mailer';
import { reminderText } from './channels/reminder-messages';
import { reminderFactsRequest, ReminderFact } from './reminder-facts';
import { EMAIL_ATTEMPTS, EMAIL_REMINDER_JOB, REMINDER_QUEUE } from './reminder-jobs';
import { EmailChannel, EmailKey, ReminderStore } from './reminder-store';

/** Pending e-mails one reconcile gives back their jobs (the oldest first). */
const PENDING_EMAILS_PER_PASS = 1000;

/** The e-mail of a send (to the assignees) or of an escalation, for one fire time. */
export interface ReminderEmail {
  readonly reminderId: string;
  readonly at: string;
  readonly escalation: boolean;
}

const jobIdOf = (...parts: string[]) => parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-');
const keyOf = (email: ReminderEmail): EmailKey => ({ reminderId: email.reminderId, channel: email.escalation ? 'email-escalation' : 'email', fireAt: email.at });

/**
 * Reminder e-mails. An e-mail is recorded as pending in `reminder_sends` in the transaction that
 * decides it (with the facts of the send or escalation); its job only pulls the trigger, and
 * {@link requeuePendingEmails} gives pending e-mails whose job Redis lost their job back. Sending
 * claims the row, so it goes out once. Without a mailer there are no e-mails.
 *
 * @example
 * await emails.sendEmail(reminderId, fireAt, false, 1); // 'sent' | 'already-sent' | …
 */
export class ReminderEmails {
  private readonly log: Logger;

  constructor(
    private readonly events: EventStore,
    private readonly db: SqlDatabase,
    private readonly queue: JobQueue,
    private readonly reminderStore: ReminderStore,
    private readonly clock: Clock,
    private readonly options: { readonly mailer?: Mailer; readonly logger?: Logger } = {},
  ) {
    this.log = (options.logger ?? silentLogger).child('reminders');
  }

  /** Whether e-mail is configured (a mailer). */
  get enabled(): boolean {
    return this.options.mailer !== undefined;
  }

  /** The handler of the e-mail job (retried by the queue with backoff). */
  jobHandler(): JobHandler {
    return {
      ...EMAIL_REMINDER_JOB,
      handle: async (job) => {
        const { reminderId, at, escalation } = job.data as ReminderEmail;
        return this.sendEmail(reminderId, at, escalation, job.attemptsMade + 1, job.opts.attempts ?? EMAIL_ATTEMPTS);
      },
    };
  }

  /** Records an e-mail as pending inside the transaction that decides it. */
  async recordPending(tx: SqlExecutor, email: ReminderEmail): Promise<void> {
    await this.reminderStore.recordPendingEmail(tx, keyOf(email), this.clock.now().toISOString());
  }

  /** Adds the job of a pending e-mail (once its decision committed). */
  async enqueue(email: ReminderEmail): Promise<void> {
    await this.queue.addBulk(REMINDER_QUEUE, [emailJob(email)]);
  }

  /**
   * Gives the e-mails recorded as pending their jobs again (deterministic ids: a job that still
   * exists is left as it is, one Redis lost is re-created). Part of every reconcile; returns how
   * many pending e-mails there were.
   *
   * @example
   * await emails.requeuePendingEmails(); // 0 when every decided e-mail went out
   */
  async requeuePendingEmails(): Promise<number> {
    if (!this.options.mailer) return 0;
    const pending = await this.reminderStore.pendingEmails(this.db, PENDING_EMAILS_PER_PASS);
    await this.queue.addBulk(
      REMINDER_QUEUE,
      pending.map((e) => emailJob({ reminderId: e.reminderId, at: e.fireAt, escalation: e.channel === 'email-escalation' })),
    );
    return pending.length;
  }

  /**
   * One e-mail attempt. The send is claimed first (a row per reminder, channel and fire time), so
   * two workers do not both send; a failure is recorded on the reminder and thrown so the queue
   * retries with backoff, and the last failure marks the e-mail failed. An e-mail of a closed
   * reminder, or to nobody with an address, is skipped: either way the row stops being pending.
   */
  async sendEmail(
    reminderId: string,
    at: string,
    escalation: boolean,
    attempt: number,
    maxAttempts = EMAIL_ATTEMPTS,
  ): Promise<'sent' | 'already-sent' | 'no-address' | 'closed'> {
    const mailer = this.options.mailer;
    if (!mailer) return 'no-address';
    const key = keyOf({ reminderId, at, escalation });
    const channel: EmailChannel = key.channel;
    const row = await this.reminderStore.get(this.db, reminderId);
    if (!row || row.status === 'done' || row.status === 'cancelled') {
      await this.reminderStore.resolveEmail(this.db, key, 'skipped');
      return 'closed';
    }
    if (await this.reminderStore.claimEmail(this.db, key, this.clock.now().toISOString())) return 'already-sent';
    const to = escalation ? row.escalateTo : row.assignees;
    const addresses = await this.reminderStore.addressesOf(this.db, to);
    if (addresses.length === 0) {
      await this.reminderStore.resolveEmail(this.db, key, 'skipped');
      return 'no-address';
    }
    const projectTitle = await this.reminderStore.projectTitle(this.db, row.projectId);
    const language = addresses[0]?.language ?? 'vi';
    const message = reminderText({ kind: row.kind, projectId: row.projectId, projectTitle, dueAt: row.dueAt, escalation }, language);
    try {
      await mailer.send({ to: addresses.map((c) => c.email), ...message });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.reminderStore.emailFailed(this.db, key, reason, attempt >= maxAttempts);
      await this.appendOnce(row.projectId, [
        {
          key: `${reminderId}|${channel}|${at}|failed|${attempt}`,
          type: 'ReminderDeliveryFailed',
          data: { reminderId, projectId: row.projectId, channel, error: reason, attempt, at: this.clock.now().toISOString() },
        },
      ]);
      this.log.warn('reminder e-mail failed; the queue retries it', { reminderId, attempt, error: reason });
      throw error;
    }
    await this.reminderStore.emailSent(this.db, key, this.clock.now().toISOString());
    await this.appendOnce(row.projectId, [
      {
        key: `${reminderId}|${channel}|${at}`,
        type: 'ReminderSent',
        data: { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, fireAt: at, channel, recipients: to, at: this.clock.now().toISOString() },
      },
    ]);
    return 'sent';
  }

  /** Appends reminder facts once each (see `reminderFactsRequest`). */
  private async appendOnce(projectId: string, facts: readonly ReminderFact[]): Promise<void> {
    await this.events.appendToStreams([reminderFactsRequest(projectId, facts)]);
  }
}

/** The job of a pending e-mail, retried with backoff; its id is the same every time it is added. */
function emailJob({ reminderId, at, escalation }: ReminderEmail): JobToAdd {
  return {
    name: EMAIL_REMINDER_JOB.name,
    data: { reminderId, at, escalation },
    opts: { jobId: jobIdOf(escalation ? 'mail-esc' : 'mail', reminderId, String(Date.parse(at))), attempts: EMAIL_ATTEMPTS, backoff: { type: 'exponential', delay: 30_000 } },
  };
}
