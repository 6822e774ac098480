import { createHash } from 'node:crypto';
import type { Clock } from '@app/application';
import { DatabaseEventStore, SqlDatabase } from '@app/event-store';
import type { JobHandler, JobQueue } from '@app/queue';
import { ReminderEmail, ReminderEmails } from './reminder-emails';
import { ReminderFact, reminderFactsRequest } from './reminder-facts';
import { FIRE_REMINDER_JOB, RECONCILE_HORIZON_MS, RECONCILE_REMINDERS_JOB, REMINDER_QUEUE } from './reminder-jobs';
import { fireAtOf, ReminderRow, ReminderStore } from './reminder-store';
import type { Trigger } from './workflow/reminder-triggers';

/** What a job did (for logs and tests). */
export type FireResult = 'sent' | 'escalated' | 'stale' | 'closed';

/** The trigger's job id: a short digest of the reminder, the phase and the time. */
function triggerJobId(reminderId: string, phase: string, at: string): string {
  return `r${createHash('sha256').update(`${reminderId}|${phase}|${Date.parse(at)}`).digest('base64url').slice(0, 16)}`;
}

/** The data of a trigger job, kept short: reminder id, phase (send or escalate), time (epoch ms), retries. */
interface TriggerData {
  readonly r: string;
  readonly p: 's' | 'e';
  readonly a: number;
  readonly n?: number;
}

/**
 * Fires due reminders. BullMQ delayed jobs are only the triggers: the reminders read model is the
 * truth, and `reconcile` re-creates every missing job from it (at start, periodically, and after
 * Redis lost its keys). Firing is idempotent: each send is an event with an id derived from the
 * reminder, the channel and the fire time, so a job that runs twice appends nothing new; its
 * e-mail is decided in the same transaction ({@link ReminderEmails}).
 *
 * @example
 * await firing.reconcile(); // every open reminder has its job
 */
export class ReminderFiring {
  constructor(
    private readonly events: DatabaseEventStore,
    private readonly db: SqlDatabase,
    private readonly queue: JobQueue,
    private readonly reminderStore: ReminderStore,
    private readonly emails: ReminderEmails,
    private readonly clock: Clock,
  ) {}

  /** The handlers of the trigger job and of the periodic reconcile. */
  jobHandlers(): JobHandler[] {
    return [
      { ...FIRE_REMINDER_JOB, handle: async (job) => this.fireJob(job.data as TriggerData, job.id ?? '') },
      { ...RECONCILE_REMINDERS_JOB, handle: async () => ({ jobs: await this.reconcile({ horizonMs: RECONCILE_HORIZON_MS }) }) },
    ];
  }

  /**
   * Makes sure active reminders have their jobs (send at its fire time, escalation at its
   * escalation time). Job ids are deterministic, so an existing job is not added twice. With
   * `horizonMs`, only reminders that fire or escalate before then (or are overdue): the periodic
   * pass, cheap with many reminders days away; those get their jobs back from a later pass, before
   * they are due. Without it, every active reminder (at start). Pending e-mails get their jobs back too.
   */
  async reconcile(options: { readonly horizonMs?: number } = {}): Promise<number> {
    const horizon = options.horizonMs === undefined ? null : new Date(this.clock.now().getTime() + options.horizonMs).toISOString();
    const triggers: Trigger[] = [];
    for (const row of await this.reminderStore.awaitingTriggers(this.db, horizon)) {
      if (row.status === 'open') triggers.push({ reminderId: row.id, phase: 'send', at: fireAtOf(row) });
      if (row.escalateAt && row.escalateTo.length > 0) triggers.push({ reminderId: row.id, phase: 'escalate', at: row.escalateAt });
    }
    await this.schedule(triggers);
    return triggers.length + (await this.emails.requeuePendingEmails());
  }

  /** Adds the delayed jobs of the given send and escalation times (deterministic ids). */
  async schedule(triggers: readonly Trigger[]): Promise<void> {
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      REMINDER_QUEUE,
      triggers.map((t) => ({
        name: FIRE_REMINDER_JOB.name,
        // A pending reminder must stay small in Redis (≤ 1 KB): a short opaque id, short keys,
        // the time as a number, and no retry options (see `fireJob` for the one retry needed).
        data: { r: t.reminderId, p: t.phase === 'escalate' ? 'e' : 's', a: Date.parse(t.at) } satisfies TriggerData,
        opts: { jobId: triggerJobId(t.reminderId, t.phase, t.at), delay: Math.max(0, Date.parse(t.at) - now) },
      })),
    );
  }

  /** Sends a reminder on every channel, once each. */
  async fire(reminderId: string, at: string): Promise<FireResult> {
    const row = await this.reminderStore.get(this.db, reminderId);
    // The read model may not have the reminder yet: the queue tries again shortly.
    if (!row) throw new Error(`Reminder ${reminderId} is not in the read model yet`);
    return this.fireRow(row, at);
  }

  /** Escalates overdue work to the approver (or whoever the reminder names), once. */
  async escalate(reminderId: string, at: string): Promise<FireResult> {
    const row = await this.reminderStore.get(this.db, reminderId);
    if (!row) throw new Error(`Reminder ${reminderId} is not in the read model yet`);
    return this.escalateRow(row, at);
  }

  /**
   * Runs a trigger. The read model may not hold a just-scheduled reminder yet: then the same
   * trigger is added again a second later (up to ten times), instead of keeping retry options
   * on every pending job.
   */
  private async fireJob(data: TriggerData, jobId: string): Promise<FireResult | 'later'> {
    const at = new Date(data.a).toISOString();
    const row = await this.reminderStore.get(this.db, data.r);
    if (!row) {
      const retries = data.n ?? 0;
      if (retries >= 10) throw new Error(`Reminder ${data.r} never reached the read model`);
      await this.queue.add(REMINDER_QUEUE, FIRE_REMINDER_JOB.name, { ...data, n: retries + 1 } satisfies TriggerData, { jobId: `${jobId.split('+')[0]}+${retries + 1}`, delay: 1000 });
      return 'later';
    }
    return data.p === 'e' ? this.escalateRow(row, at) : this.fireRow(row, at);
  }

  private async fireRow(row: ReminderRow, at: string): Promise<FireResult> {
    const reminderId = row.id;
    if (row.status === 'done' || row.status === 'cancelled') return 'closed';
    // A rescheduled reminder leaves its old job behind: that job must not fire.
    if (Date.parse(fireAtOf(row)) !== Date.parse(at)) return 'stale';
    const recipients = row.assignees;
    const common = { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, fireAt: at, recipients, at: this.clock.now().toISOString() };
    await this.decide(
      row.projectId,
      [
        { key: `${reminderId}|inbox|${at}`, type: 'ReminderSent', data: { ...common, channel: 'inbox' } },
        { key: `${reminderId}|webhook|${at}`, type: 'ReminderSent', data: { ...common, channel: 'webhook', assignees: recipients } },
      ],
      { reminderId, at, escalation: false },
    );
    return 'sent';
  }

  private async escalateRow(row: ReminderRow, at: string): Promise<FireResult> {
    const reminderId = row.id;
    if (row.status === 'done' || row.status === 'cancelled') return 'closed';
    if (!row.escalateAt || Date.parse(row.escalateAt) !== Date.parse(at)) return 'stale';
    await this.decide(
      row.projectId,
      [
        {
          key: `${reminderId}|escalate|${at}`,
          type: 'ReminderEscalated',
          data: { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, to: row.escalateTo, at: this.clock.now().toISOString() },
        },
      ],
      { reminderId, at, escalation: true },
    );
    return 'escalated';
  }

  /**
   * Appends the facts of a send or an escalation and, when e-mail is configured, records its
   * e-mail as pending in the same transaction; the e-mail's job is added once both committed (a
   * job lost before or after that is given back by `reconcile`).
   */
  private async decide(projectId: string, facts: readonly ReminderFact[], email: ReminderEmail): Promise<void> {
    const request = reminderFactsRequest(projectId, facts);
    if (!this.emails.enabled) {
      await this.events.appendToStreams([request]);
      return;
    }
    await this.events.transaction(async (tx) => {
      await tx.appendToStreams([request]);
      // A fact appended before (a job run twice) keeps its e-mail row as it is: sent stays sent.
      await this.emails.recordPending(tx, email);
    });
    await this.emails.enqueue(email);
  }
}
