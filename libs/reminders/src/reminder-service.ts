import { createHash } from 'node:crypto';
import type { Clock } from '@app/application';
import { type ReadScope, REMINDER_EVENT_SCHEMA_VERSIONS, type ReminderEventType } from '@app/domain';
import { AppendRequest, SqlDatabase, SqlEventStore } from '@app/event-store';
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
/** Attempts of one reminder e-mail (exponential backoff from 30 s: about two hours in all). */
export const EMAIL_ATTEMPTS = 8;
/** Pending e-mails one reconcile gives back their jobs (the oldest first). */
const PENDING_EMAILS_PER_PASS = 1000;

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

type EmailChannel = 'email' | 'email-escalation';

/** A reminder fact to append once (its event id derives from `key`). */
interface ReminderFact {
  readonly key: string;
  readonly type: ReminderEventType;
  readonly data: Record<string, unknown>;
}

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
 * reminder, the channel and the fire time, so a job that runs twice appends nothing new. An
 * e-mail is recorded as pending in `reminder_sends` in the transaction that decides it (with the
 * facts of the send or escalation); its job only pulls the trigger, and `reconcile` gives pending
 * e-mails whose job Redis lost their job back. Sending claims the row, so it goes out once.
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
    return triggers.length + (await this.requeuePendingEmails());
  }

  /**
   * Gives the e-mails recorded as pending their jobs again (deterministic ids: a job that still
   * exists is left as it is, one Redis lost is re-created). Part of every reconcile; returns how
   * many pending e-mails there were.
   *
   * @example
   * await reminders.requeuePendingEmails(); // 0 when every decided e-mail went out
   */
  async requeuePendingEmails(): Promise<number> {
    if (!this.options.mailer) return 0;
    const res = await this.db.query<{ reminder_id: string; channel: EmailChannel; fire_at: Date | string }>(
      "SELECT reminder_id, channel, fire_at FROM reminder_sends WHERE status = 'pending' ORDER BY claimed_at LIMIT $1",
      [PENDING_EMAILS_PER_PASS],
    );
    await this.queues.addBulk(
      REMINDER_QUEUE,
      res.rows.map((r) => this.emailJob(r.reminder_id, new Date(r.fire_at).toISOString(), r.channel === 'email-escalation')),
    );
    return res.rows.length;
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
          return this.sendEmail(reminderId, at, escalation, job.attemptsMade + 1, job.opts.attempts ?? EMAIL_ATTEMPTS);
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
  private async decide(projectId: string, facts: readonly ReminderFact[], email: { reminderId: string; at: string; escalation: boolean }): Promise<void> {
    const request = this.factsRequest(projectId, facts);
    if (!this.options.mailer) {
      await this.store.appendToStreams([request]);
      return;
    }
    await this.db.transaction(async (tx) => {
      await this.store.appendWithin(tx, [request]);
      // A fact appended before (a job run twice) keeps its e-mail row as it is: sent stays sent.
      await tx.query(
        `INSERT INTO reminder_sends (reminder_id, channel, fire_at, claimed_at, status) VALUES ($1, $2, $3, $4, 'pending')
         ON CONFLICT (reminder_id, channel, fire_at) DO NOTHING`,
        [email.reminderId, email.escalation ? 'email-escalation' : 'email', email.at, this.clock.now().toISOString()],
      );
    });
    await this.queues.addBulk(REMINDER_QUEUE, [this.emailJob(email.reminderId, email.at, email.escalation)]);
  }

  /** The job of a pending e-mail, retried with backoff; its id is the same every time it is added. */
  private emailJob(reminderId: string, at: string, escalation: boolean) {
    return {
      name: EMAIL_REMINDER_JOB.name,
      data: { reminderId, at, escalation },
      opts: { jobId: jobIdOf(escalation ? 'mail-esc' : 'mail', reminderId, String(Date.parse(at))), attempts: EMAIL_ATTEMPTS, backoff: { type: 'exponential', delay: 30_000 } },
    };
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
    const channel: EmailChannel = escalation ? 'email-escalation' : 'email';
    const row = await this.get(reminderId);
    if (!row || row.status === 'done' || row.status === 'cancelled') {
      await this.resolveEmail(reminderId, channel, at, 'skipped');
      return 'closed';
    }
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
    if (contacts.rows.length === 0) {
      await this.resolveEmail(reminderId, channel, at, 'skipped');
      return 'no-address';
    }
    const title = await this.db.query<{ title: string | null }>('SELECT title FROM projects WHERE id = $1', [row.projectId]).catch(() => ({ rows: [] as { title: string | null }[] }));
    const language = contacts.rows[0]?.language ?? 'vi';
    const message = reminderText({ kind: row.kind, projectId: row.projectId, projectTitle: title.rows[0]?.title ?? null, dueAt: row.dueAt, escalation }, language);
    try {
      await mailer.send({ to: contacts.rows.map((c) => c.email), ...message });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.db.query(
        "UPDATE reminder_sends SET attempts = attempts + 1, last_error = $4, status = CASE WHEN $5::boolean THEN 'failed' ELSE status END WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3",
        [reminderId, channel, at, reason, attempt >= maxAttempts],
      );
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
    await this.db.query("UPDATE reminder_sends SET sent_at = $4, status = 'sent', attempts = attempts + 1, last_error = NULL WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3", [
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

  /** An e-mail that will not be sent stops being pending (a sent one stays sent). */
  private async resolveEmail(reminderId: string, channel: EmailChannel, at: string, status: 'skipped'): Promise<void> {
    await this.db.query("UPDATE reminder_sends SET status = $4 WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3 AND status = 'pending'", [reminderId, channel, at, status]);
  }

  /** Appends reminder facts once each (see `factsRequest`). */
  private async appendOnce(projectId: string, facts: readonly ReminderFact[]): Promise<void> {
    await this.store.appendToStreams([this.factsRequest(projectId, facts)]);
  }

  /**
   * The append of reminder facts whose ids derive from their keys (instants in them normalised to
   * epoch milliseconds, so `…+07:00` and `…Z` spellings of one time are one key): the same key
   * twice writes once.
   */
  private factsRequest(projectId: string, facts: readonly ReminderFact[]): AppendRequest {
    const normalise = (rawKey: string) =>
      rawKey
        .split('|')
        .map((part) => (/^\d{4}-\d{2}-\d{2}T/.test(part) && !Number.isNaN(Date.parse(part)) ? String(Date.parse(part)) : part))
        .join('|');
    return {
      streamId: `${REMINDER_STREAM_PREFIX}${projectId}`,
      expectedVersion: 'any',
      events: facts.map((f) => ({
        eventId: deterministicUuid(`reminder-fact|${normalise(f.key)}`),
        type: f.type,
        schemaVersion: REMINDER_EVENT_SCHEMA_VERSIONS[f.type],
        data: f.data,
        metadata: { actor: { id: 'reminders', roles: ['system'] } },
      })),
    };
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
