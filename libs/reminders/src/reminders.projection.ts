import { RecordedEvent } from '@app/event-store';
import { Projection } from '@app/projections';

export const REMINDER_STREAM_PREFIX = 'reminders-';

interface ReminderData {
  readonly reminderId: string;
  readonly projectId: string;
  readonly kind?: string;
  readonly dueAt?: string;
  readonly noticeAt?: string;
  readonly escalateAt?: string;
  readonly escalateTo?: readonly string[];
  readonly assignees?: readonly string[];
  readonly channel?: string;
  readonly reason?: string;
  readonly error?: string;
  readonly at?: string;
}

/**
 * Reminders as the inbox shows them: one row per reminder with its due time, assignees, status
 * (`open`, `sent`, `escalated`, `done`, `cancelled`) and the channels it went out on. Built from
 * the `reminders-<projectId>` streams; each row keeps the stream version it applied, so an event
 * delivered again changes nothing.
 */
export const remindersProjection: Projection = {
  name: 'reminders',
  version: 1,
  tables: ['reminders'],
  schema: (t) => `
CREATE TABLE ${t('reminders')} (
  id text PRIMARY KEY,
  project_id text NOT NULL,
  kind text NOT NULL,
  assignees text[] NOT NULL,
  due_at timestamptz NOT NULL,
  notice_at timestamptz,
  escalate_at timestamptz,
  escalate_to text[] NOT NULL DEFAULT '{}',
  status text NOT NULL,
  sent_channels text[] NOT NULL DEFAULT '{}',
  escalated_at timestamptz,
  closed_at timestamptz,
  closed_reason text,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_version integer NOT NULL
);
CREATE INDEX ON ${t('reminders')} (project_id);
CREATE INDEX ON ${t('reminders')} (status, due_at);
CREATE INDEX ON ${t('reminders')} USING gin (assignees);`,
  async apply(events: readonly RecordedEvent[], { sql, table }) {
    const t = table('reminders');
    for (const event of events) {
      if (!event.streamId.startsWith(REMINDER_STREAM_PREFIX)) continue;
      const d = event.data as ReminderData;
      const at = d.at ?? event.recordedAt;
      // Every update is guarded by the stream version: a repeated event is a no-op.
      const guard = `WHERE id = $1 AND last_version < $2`;
      switch (event.type) {
        case 'ReminderScheduled':
          await sql.query(
            `INSERT INTO ${t} (id, project_id, kind, assignees, due_at, notice_at, escalate_at, escalate_to, status, created_at, updated_at, last_version)
             VALUES ($1, $3, $4, $5::text[], $6, $7, $8, $9::text[], 'open', $10, $10, $2)
             ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, assignees = EXCLUDED.assignees, due_at = EXCLUDED.due_at, notice_at = EXCLUDED.notice_at,
               escalate_at = EXCLUDED.escalate_at, escalate_to = EXCLUDED.escalate_to, status = 'open', closed_at = NULL, closed_reason = NULL,
               updated_at = EXCLUDED.updated_at, last_version = EXCLUDED.last_version
             WHERE ${t}.last_version < EXCLUDED.last_version`,
            [d.reminderId, event.version, d.projectId, d.kind ?? 'unknown', [...(d.assignees ?? [])], d.dueAt, d.noticeAt ?? null, d.escalateAt ?? null, [...(d.escalateTo ?? [])], event.recordedAt],
          );
          break;
        case 'ReminderRescheduled':
          await sql.query(
            `UPDATE ${t} SET due_at = coalesce($3, due_at), notice_at = $4, escalate_at = $5, status = CASE WHEN status IN ('done', 'cancelled') THEN status ELSE 'open' END,
               updated_at = $6, last_version = $2 ${guard}`,
            [d.reminderId, event.version, d.dueAt ?? null, d.noticeAt ?? null, d.escalateAt ?? null, event.recordedAt],
          );
          break;
        case 'ReminderCompleted':
          await sql.query(`UPDATE ${t} SET status = 'done', closed_at = $3, closed_reason = 'done', updated_at = $4, last_version = $2 ${guard}`, [
            d.reminderId,
            event.version,
            at,
            event.recordedAt,
          ]);
          break;
        case 'ReminderCancelled':
          await sql.query(`UPDATE ${t} SET status = 'cancelled', closed_at = $3, closed_reason = $4, updated_at = $5, last_version = $2 ${guard}`, [
            d.reminderId,
            event.version,
            at,
            d.reason ?? 'cancelled',
            event.recordedAt,
          ]);
          break;
        case 'ReminderSent':
          await sql.query(
            `UPDATE ${t} SET sent_channels = CASE WHEN $3 = ANY(sent_channels) THEN sent_channels ELSE array_append(sent_channels, $3) END,
               status = CASE WHEN status = 'open' THEN 'sent' ELSE status END, last_error = CASE WHEN $3 = 'email' THEN NULL ELSE last_error END,
               updated_at = $4, last_version = $2 ${guard}`,
            [d.reminderId, event.version, d.channel ?? 'inbox', event.recordedAt],
          );
          break;
        case 'ReminderEscalated':
          await sql.query(
            `UPDATE ${t} SET status = CASE WHEN status IN ('done', 'cancelled') THEN status ELSE 'escalated' END, escalated_at = $3, updated_at = $4, last_version = $2 ${guard}`,
            [d.reminderId, event.version, at, event.recordedAt],
          );
          break;
        case 'ReminderDeliveryFailed':
          await sql.query(`UPDATE ${t} SET last_error = $3, updated_at = $4, last_version = $2 ${guard}`, [
            d.reminderId,
            event.version,
            `${d.channel ?? 'channel'}: ${d.error ?? 'failed'}`,
            event.recordedAt,
          ]);
          break;
        default:
          // Reminder streams hold only reminder facts; others belong to other read models.
          await sql.query(`UPDATE ${t} SET last_version = $2 ${guard}`, [d.reminderId, event.version]);
      }
    }
  },
};
