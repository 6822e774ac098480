import { createHash } from 'node:crypto';
import type { Clock } from '@app/application';
import { type ReadScope, REMINDER_EVENT_SCHEMA_VERSIONS, type ReminderEventType } from '@app/domain';
import { SqlDatabase, SqlEventStore } from '@app/event-store';
import { Logger, silentLogger } from '@app/observability';
import { readScopeConditions } from '@app/projections';
import { JobDefinition, JobHandler, QueueRuntime } from '@app/queue';
import { Language, reminderText } from './channels/reminder-messages';
import { Mailer } from './channels/mailer';
import { deterministicUuid } from './deterministic-id';
import { REMINDER_STREAM_PREFIX } from './reminders.projection';

export const REMINDER_QUEUE = 'reminders';
export const FIRE_REMINDER_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.fire' };
export const EMAIL_REMINDER_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.email' };
export const RECONCILE_REMINDERS_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.reconcile' };
/**
 * The periodic reconcile (every minute) re-creates the jobs of reminders due within this window:
 * a job Redis lost is back well before its time, without re-adding every reminder each minute.
 */
export const RECONCILE_HORIZON_MS = 10 * 60_000;

/** A reminder as the read model holds it. */
export interface ReminderRow {
  readonly id: string;
  readonly projectId: string;
  readonly kind: string;
  readonly assignees: string[];
  readonly dueAt: string;
  readonly noticeAt: string | null;
  readonly escalateAt: string | null;
  readonly escalateTo: string[];
  readonly status: 'open' | 'sent' | 'escalated' | 'done' | 'cancelled';
  readonly sentChannels: string[];
  readonly escalatedAt: string | null;
  readonly closedAt: string | null;
  readonly closedReason: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toRow(r: Record<string, unknown>): ReminderRow {
  return {
    id: r.id as string,
    projectId: r.project_id as string,
    kind: r.kind as string,
    assignees: r.assignees as string[],
    dueAt: iso(r.due_at) ?? '',
    noticeAt: iso(r.notice_at),
    escalateAt: iso(r.escalate_at),
    escalateTo: (r.escalate_to as string[] | null) ?? [],
    status: r.status as ReminderRow['status'],
    sentChannels: (r.sent_channels as string[] | null) ?? [],
    escalatedAt: iso(r.escalated_at),
    closedAt: iso(r.closed_at),
    closedReason: (r.closed_reason as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: iso(r.created_at) ?? '',
    updatedAt: iso(r.updated_at) ?? '',
  };
}

/** When a reminder goes out: its notice time when it has one (3 days ahead), else its due time. */
export const fireAtOf = (r: Pick<ReminderRow, 'noticeAt' | 'dueAt'>): string => r.noticeAt ?? r.dueAt;

export interface ReminderFilter {
  readonly status?: string;
  readonly projectId?: string;
  /** Any of these assignees (a user id and `role:<role>` entries). */
  readonly assignees?: readonly string[];
  readonly dueBefore?: string;
  /** Only reminders of projects the reader may see (filtered in SQL, before the limit). */
  readonly scope?: ReadScope;
  readonly limit: number;
}

export interface ReminderServiceOptions {
  readonly mailer?: Mailer;
  readonly logger?: Logger;
}

/** What a job did (for logs and tests). */
export type FireResult = 'sent' | 'escalated' | 'stale' | 'closed';

const jobIdOf = (...parts: string[]) => parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-');

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
 * reminder, the channel and the fire time, so a job that runs twice appends nothing new; e-mail
 * sends are claimed in a table before they go out.
 *
 * @example
 * await reminders.reconcile(); // every open reminder has its job
 */
export class ReminderService {
  private readonly log: Logger;

  constructor(
    private readonly store: SqlEventStore,
    private readonly db: SqlDatabase,
    private readonly queues: QueueRuntime,
    private readonly clock: Clock,
    private readonly options: ReminderServiceOptions = {},
  ) {
    this.log = (options.logger ?? silentLogger).child('reminders');
  }

  // ---- reads ----

  async list(filter: ReminderFilter): Promise<ReminderRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.status) add((p) => `status = ANY(string_to_array(${p}, ','))`, filter.status);
    if (filter.projectId) add((p) => `project_id = ${p}`, filter.projectId);
    if (filter.assignees) add((p) => `(assignees && ${p}::text[] OR (status = 'escalated' AND escalate_to && ${p}::text[]))`, filter.assignees);
    if (filter.dueBefore) add((p) => `due_at < ${p}`, filter.dueBefore);
    if (filter.scope) {
      const visible = readScopeConditions(filter.scope, (value) => `$${params.push(value)}`);
      if (visible.length > 0) where.push(`project_id IN (SELECT id FROM projects WHERE ${visible.join(' AND ')})`);
    }
    params.push(filter.limit);
    const res = await this.db.query(
      `SELECT * FROM reminders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT $${params.length}`,
      params,
    );
    return res.rows.map(toRow);
  }

  async get(id: string): Promise<ReminderRow | undefined> {
    const res = await this.db.query('SELECT * FROM reminders WHERE id = $1', [id]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  /** Projects that have due work past its due time and not done. */
  async overdueProjectIds(): Promise<string[]> {
    const res = await this.db.query<{ project_id: string }>(
      "SELECT DISTINCT project_id FROM reminders WHERE status IN ('open', 'sent', 'escalated') AND due_at < $1",
      [this.clock.now().toISOString()],
    );
    return res.rows.map((r) => r.project_id);
  }

  // ---- triggers ----

  /**
   * Makes sure active reminders have their jobs (send at its fire time, escalation at its
   * escalation time). Job ids are deterministic, so an existing job is not added twice. With
   * `horizonMs`, only reminders that fire or escalate before then (or are overdue): the periodic
   * pass, cheap with many reminders days away; those get their jobs back from a later pass, before
   * they are due. Without it, every active reminder (at start).
   */
  async reconcile(options: { readonly horizonMs?: number } = {}): Promise<number> {
    const horizon = options.horizonMs === undefined ? null : new Date(this.clock.now().getTime() + options.horizonMs).toISOString();
    const res = await this.db.query(
      `SELECT * FROM reminders WHERE status IN ('open', 'sent')
       AND ($1::timestamptz IS NULL OR due_at <= $1 OR notice_at <= $1 OR escalate_at <= $1)
       ORDER BY due_at LIMIT 200000`,
      [horizon],
    );
    const triggers: { reminderId: string; phase: 'send' | 'escalate'; at: string }[] = [];
    for (const row of res.rows.map(toRow)) {
      if (row.status === 'open') triggers.push({ reminderId: row.id, phase: 'send', at: fireAtOf(row) });
      if (row.escalateAt && row.escalateTo.length > 0) triggers.push({ reminderId: row.id, phase: 'escalate', at: row.escalateAt });
    }
    await this.schedule(triggers);
    return triggers.length;
  }

  /** Adds the delayed jobs of the given send and escalation times (deterministic ids). */
  async schedule(triggers: readonly { reminderId: string; phase: 'send' | 'escalate'; at: string }[]): Promise<void> {
    const now = this.clock.now().getTime();
    await this.queues.addBulk(
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

  /** The job handlers of the reminders queue. */
  jobHandlers(): JobHandler[] {
    return [
      {
        ...FIRE_REMINDER_JOB,
        handle: async (job) => this.fireJob(job.data as TriggerData, job.id ?? ''),
      },
      {
        ...EMAIL_REMINDER_JOB,
        handle: async (job) => {
          const { reminderId, at, escalation } = job.data as { reminderId: string; at: string; escalation: boolean };
          return this.sendEmail(reminderId, at, escalation, job.attemptsMade + 1);
        },
      },
      { ...RECONCILE_REMINDERS_JOB, handle: async () => ({ jobs: await this.reconcile({ horizonMs: RECONCILE_HORIZON_MS }) }) },
    ];
  }

  /**
   * Runs a trigger. The read model may not hold a just-scheduled reminder yet: then the same
   * trigger is added again a second later (up to ten times), instead of keeping retry options
   * on every pending job.
   */
  private async fireJob(data: TriggerData, jobId: string): Promise<FireResult | 'later'> {
    const at = new Date(data.a).toISOString();
    const row = await this.get(data.r);
    if (!row) {
      const retries = data.n ?? 0;
      if (retries >= 10) throw new Error(`Reminder ${data.r} never reached the read model`);
      await this.queues.add(REMINDER_QUEUE, FIRE_REMINDER_JOB.name, { ...data, n: retries + 1 } satisfies TriggerData, { jobId: `${jobId.split('+')[0]}+${retries + 1}`, delay: 1000 });
      return 'later';
    }
    return data.p === 'e' ? this.escalateRow(row, at) : this.fireRow(row, at);
  }

  /** Sends a reminder on every channel, once each. */
  async fire(reminderId: string, at: string): Promise<FireResult> {
    const row = await this.get(reminderId);
    // The read model may not have the reminder yet: the queue tries again shortly.
    if (!row) throw new Error(`Reminder ${reminderId} is not in the read model yet`);
    return this.fireRow(row, at);
  }

  private async fireRow(row: ReminderRow, at: string): Promise<FireResult> {
    const reminderId = row.id;
    if (row.status === 'done' || row.status === 'cancelled') return 'closed';
    // A rescheduled reminder leaves its old job behind: that job must not fire.
    if (Date.parse(fireAtOf(row)) !== Date.parse(at)) return 'stale';
    const recipients = row.assignees;
    const common = { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, fireAt: at, recipients, at: this.clock.now().toISOString() };
    await this.appendOnce(row.projectId, [
      { key: `${reminderId}|inbox|${at}`, type: 'ReminderSent', data: { ...common, channel: 'inbox' } },
      { key: `${reminderId}|webhook|${at}`, type: 'ReminderSent', data: { ...common, channel: 'webhook', assignees: recipients } },
    ]);
    await this.queueEmail(reminderId, at, false);
    return 'sent';
  }

  /** Escalates overdue work to the approver (or whoever the reminder names), once. */
  async escalate(reminderId: string, at: string): Promise<FireResult> {
    const row = await this.get(reminderId);
    if (!row) throw new Error(`Reminder ${reminderId} is not in the read model yet`);
    return this.escalateRow(row, at);
  }

  private async escalateRow(row: ReminderRow, at: string): Promise<FireResult> {
    const reminderId = row.id;
    if (row.status === 'done' || row.status === 'cancelled') return 'closed';
    if (!row.escalateAt || Date.parse(row.escalateAt) !== Date.parse(at)) return 'stale';
    await this.appendOnce(row.projectId, [
      {
        key: `${reminderId}|escalate|${at}`,
        type: 'ReminderEscalated',
        data: { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, to: row.escalateTo, at: this.clock.now().toISOString() },
      },
    ]);
    await this.queueEmail(reminderId, at, true);
    return 'escalated';
  }

  /** The e-mail of a send or an escalation, when e-mail is configured; retried with backoff. */
  private async queueEmail(reminderId: string, at: string, escalation: boolean): Promise<void> {
    if (!this.options.mailer) return;
    await this.queues.add(
      REMINDER_QUEUE,
      EMAIL_REMINDER_JOB.name,
      { reminderId, at, escalation },
      { jobId: jobIdOf(escalation ? 'mail-esc' : 'mail', reminderId, String(Date.parse(at))), attempts: 8, backoff: { type: 'exponential', delay: 30_000 } },
    );
  }

  /**
   * One e-mail attempt. The send is claimed first (a row per reminder, channel and fire time), so
   * two workers do not both send; a failure is recorded on the reminder and thrown so the queue
   * retries with backoff.
   */
  async sendEmail(reminderId: string, at: string, escalation: boolean, attempt: number): Promise<'sent' | 'already-sent' | 'no-address' | 'closed'> {
    const mailer = this.options.mailer;
    if (!mailer) return 'no-address';
    const row = await this.get(reminderId);
    if (!row || row.status === 'done' || row.status === 'cancelled') return 'closed';
    const channel = escalation ? 'email-escalation' : 'email';
    // The send's row, made on the first attempt; either way its sent_at comes back.
    const claim = await this.db.query<{ sent_at: Date | null }>(
      `INSERT INTO reminder_sends (reminder_id, channel, fire_at, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reminder_id, channel, fire_at) DO UPDATE SET claimed_at = reminder_sends.claimed_at
       RETURNING sent_at`,
      [reminderId, channel, at, this.clock.now().toISOString()],
    );
    if (claim.rows[0]?.sent_at) return 'already-sent';
    const to = escalation ? row.escalateTo : row.assignees;
    const contacts = await this.db.query<{ email: string; language: Language }>('SELECT email, language FROM contacts WHERE id = ANY($1::text[])', [to]);
    if (contacts.rows.length === 0) return 'no-address';
    const title = await this.db.query<{ title: string | null }>('SELECT title FROM projects WHERE id = $1', [row.projectId]).catch(() => ({ rows: [] as { title: string | null }[] }));
    const language = contacts.rows[0]?.language ?? 'vi';
    const message = reminderText({ kind: row.kind, projectId: row.projectId, projectTitle: title.rows[0]?.title ?? null, dueAt: row.dueAt, escalation }, language);
    try {
      await mailer.send({ to: contacts.rows.map((c) => c.email), ...message });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.db.query('UPDATE reminder_sends SET attempts = attempts + 1, last_error = $4 WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3', [
        reminderId,
        channel,
        at,
        reason,
      ]);
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
    await this.db.query('UPDATE reminder_sends SET sent_at = $4, attempts = attempts + 1, last_error = NULL WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3', [
      reminderId,
      channel,
      at,
      this.clock.now().toISOString(),
    ]);
    await this.appendOnce(row.projectId, [
      {
        key: `${reminderId}|${channel}|${at}`,
        type: 'ReminderSent',
        data: { reminderId, projectId: row.projectId, kind: row.kind, dueAt: row.dueAt, fireAt: at, channel, recipients: to, at: this.clock.now().toISOString() },
      },
    ]);
    return 'sent';
  }

  /**
   * Appends a reminder fact whose id derives from `key` (instants in it normalised to epoch
   * milliseconds, so `…+07:00` and `…Z` spellings of one time are one key): the same key twice
   * writes once.
   */
  private async appendOnce(projectId: string, facts: readonly { key: string; type: ReminderEventType; data: Record<string, unknown> }[]): Promise<void> {
    const normalise = (rawKey: string) =>
      rawKey
        .split('|')
        .map((part) => (/^\d{4}-\d{2}-\d{2}T/.test(part) && !Number.isNaN(Date.parse(part)) ? String(Date.parse(part)) : part))
        .join('|');
    await this.store.appendToStreams([
      {
        streamId: `${REMINDER_STREAM_PREFIX}${projectId}`,
        expectedVersion: 'any',
        events: facts.map((f) => ({
          eventId: deterministicUuid(`reminder-fact|${normalise(f.key)}`),
          type: f.type,
          schemaVersion: REMINDER_EVENT_SCHEMA_VERSIONS[f.type],
          data: f.data,
          metadata: { actor: { id: 'reminders', roles: ['system'] } },
        })),
      },
    ]);
  }

  // ---- contacts ----

  async setContact(id: string, contact: { email: string; name?: string; language?: Language }): Promise<void> {
    await this.db.query(
      `INSERT INTO contacts (id, email, name, language, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, language = EXCLUDED.language, updated_at = EXCLUDED.updated_at`,
      [id, contact.email, contact.name ?? null, contact.language ?? 'vi', this.clock.now().toISOString()],
    );
  }

  async contacts(): Promise<{ id: string; email: string; name: string | null; language: string }[]> {
    const res = await this.db.query<{ id: string; email: string; name: string | null; language: string }>('SELECT id, email, name, language FROM contacts ORDER BY id');
    return res.rows;
  }
}
