import type { ReadScope } from '@app/domain';
import type { SqlExecutor } from '@app/event-store';
import { readScopeConditions } from '@app/projections';
import type { Language } from './channels/reminder-messages';

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

/** The e-mail channels of a reminder: to the assignees, or to whom it escalates. */
export type EmailChannel = 'email' | 'email-escalation';

/** One e-mail of a reminder: its channel and the fire time it belongs to. */
export interface EmailKey {
  readonly reminderId: string;
  readonly channel: EmailChannel;
  readonly fireAt: string;
}

export interface Contact {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly language: string;
}

/** When a reminder goes out: its notice time when it has one (3 days ahead), else its due time. */
export const fireAtOf = (r: Pick<ReminderRow, 'noticeAt' | 'dueAt'>): string => r.noticeAt ?? r.dueAt;

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

const emailParams = (e: EmailKey) => [e.reminderId, e.channel, e.fireAt];

/**
 * Every statement of reminders: the read model's rows, the e-mail sends (`reminder_sends`) and
 * the contacts. Each method takes the executor it runs on (the database, or the transaction of
 * the decision it is part of).
 *
 * @example
 * const reminder = await reminderStore.get(db, 'p1:info_reply:1');
 */
export class ReminderStore {
  // ---- reminders (the read model) ----

  async list(sql: SqlExecutor, filter: ReminderFilter): Promise<ReminderRow[]> {
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
    const res = await sql.query(`SELECT * FROM reminders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT $${params.length}`, params);
    return res.rows.map(toRow);
  }

  async get(sql: SqlExecutor, id: string): Promise<ReminderRow | undefined> {
    const res = await sql.query('SELECT * FROM reminders WHERE id = $1', [id]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  /** Projects that have due work past `now` and not done. */
  async overdueProjectIds(sql: SqlExecutor, now: string): Promise<string[]> {
    const res = await sql.query<{ project_id: string }>("SELECT DISTINCT project_id FROM reminders WHERE status IN ('open', 'sent', 'escalated') AND due_at < $1", [now]);
    return res.rows.map((r) => r.project_id);
  }

  /** Open and sent reminders (with `horizon`, only those that fire, are due or escalate by then). */
  async awaitingTriggers(sql: SqlExecutor, horizon: string | null): Promise<ReminderRow[]> {
    const res = await sql.query(
      `SELECT * FROM reminders WHERE status IN ('open', 'sent')
       AND ($1::timestamptz IS NULL OR due_at <= $1 OR notice_at <= $1 OR escalate_at <= $1)
       ORDER BY due_at LIMIT 200000`,
      [horizon],
    );
    return res.rows.map(toRow);
  }

  /** The title of a project, when its read model has one. */
  async projectTitle(sql: SqlExecutor, projectId: string): Promise<string | null> {
    const title = await sql.query<{ title: string | null }>('SELECT title FROM projects WHERE id = $1', [projectId]).catch(() => ({ rows: [] as { title: string | null }[] }));
    return title.rows[0]?.title ?? null;
  }

  // ---- e-mail sends ----

  /** E-mails recorded as pending, the longest claimed first. */
  async pendingEmails(sql: SqlExecutor, limit: number): Promise<EmailKey[]> {
    const res = await sql.query<{ reminder_id: string; channel: EmailChannel; fire_at: Date | string }>(
      "SELECT reminder_id, channel, fire_at FROM reminder_sends WHERE status = 'pending' ORDER BY claimed_at LIMIT $1",
      [limit],
    );
    return res.rows.map((r) => ({ reminderId: r.reminder_id, channel: r.channel, fireAt: new Date(r.fire_at).toISOString() }));
  }

  /** Records an e-mail as pending; one recorded before (a job run twice) keeps its row as it is: sent stays sent. */
  async recordPendingEmail(tx: SqlExecutor, email: EmailKey, at: string): Promise<void> {
    await tx.query(
      `INSERT INTO reminder_sends (reminder_id, channel, fire_at, claimed_at, status) VALUES ($1, $2, $3, $4, 'pending')
       ON CONFLICT (reminder_id, channel, fire_at) DO NOTHING`,
      [...emailParams(email), at],
    );
  }

  /** The send's row, made on the first attempt; either way its sent time comes back (null until sent). */
  async claimEmail(sql: SqlExecutor, email: EmailKey, at: string): Promise<Date | null> {
    const claim = await sql.query<{ sent_at: Date | null }>(
      `INSERT INTO reminder_sends (reminder_id, channel, fire_at, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reminder_id, channel, fire_at) DO UPDATE SET claimed_at = reminder_sends.claimed_at
       RETURNING sent_at`,
      [...emailParams(email), at],
    );
    return claim.rows[0]?.sent_at ?? null;
  }

  /** Counts a failed attempt; the last one (`final`) marks the e-mail failed. */
  async emailFailed(sql: SqlExecutor, email: EmailKey, reason: string, final: boolean): Promise<void> {
    await sql.query(
      "UPDATE reminder_sends SET attempts = attempts + 1, last_error = $4, status = CASE WHEN $5::boolean THEN 'failed' ELSE status END WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3",
      [...emailParams(email), reason, final],
    );
  }

  async emailSent(sql: SqlExecutor, email: EmailKey, at: string): Promise<void> {
    await sql.query("UPDATE reminder_sends SET sent_at = $4, status = 'sent', attempts = attempts + 1, last_error = NULL WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3", [
      ...emailParams(email),
      at,
    ]);
  }

  /** An e-mail that will not be sent stops being pending (a sent one stays sent). */
  async resolveEmail(sql: SqlExecutor, email: EmailKey, status: 'skipped'): Promise<void> {
    await sql.query("UPDATE reminder_sends SET status = $4 WHERE reminder_id = $1 AND channel = $2 AND fire_at = $3 AND status = 'pending'", [...emailParams(email), status]);
  }

  // ---- contacts ----

  /** The addresses (and languages) of the given recipients that have one. */
  async addressesOf(sql: SqlExecutor, recipients: readonly string[]): Promise<{ email: string; language: Language }[]> {
    const res = await sql.query<{ email: string; language: Language }>('SELECT email, language FROM contacts WHERE id = ANY($1::text[])', [recipients]);
    return res.rows;
  }

  async setContact(sql: SqlExecutor, id: string, contact: { email: string; name?: string; language?: Language }, at: string): Promise<void> {
    await sql.query(
      `INSERT INTO contacts (id, email, name, language, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, language = EXCLUDED.language, updated_at = EXCLUDED.updated_at`,
      [id, contact.email, contact.name ?? null, contact.language ?? 'vi', at],
    );
  }

  async contacts(sql: SqlExecutor): Promise<Contact[]> {
    const res = await sql.query<Contact>('SELECT id, email, name, language FROM contacts ORDER BY id');
    return res.rows;
  }
}
