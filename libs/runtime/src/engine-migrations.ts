import { AUDIT_MIGRATIONS } from '@app/audit';
import { EVENT_STORE_MIGRATIONS, Migration, SqlDatabase } from '@app/event-store';
import { SUBSCRIPTION_MIGRATIONS } from '@app/projections';
import { WEBHOOK_MIGRATIONS } from '@app/webhooks';
import { REMINDER_MIGRATIONS } from '@app/reminders';
import { PRIVACY_MIGRATIONS } from '@app/privacy';
import { DOCUMENT_MIGRATIONS } from '@app/documents';
import { DOCUMENT_LOOKUP_MIGRATIONS } from './documents-wiring';

/** Every schema change of the engine, in the order they apply. */
export const ENGINE_MIGRATIONS: readonly Migration[] = [...EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...WEBHOOK_MIGRATIONS, ...AUDIT_MIGRATIONS, ...REMINDER_MIGRATIONS, ...PRIVACY_MIGRATIONS, ...DOCUMENT_MIGRATIONS, ...DOCUMENT_LOOKUP_MIGRATIONS];

/** Ids of migrations not yet applied to the database. */
export async function pendingMigrations(db: SqlDatabase): Promise<string[]> {
  const table = await db.query<{ exists: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return ENGINE_MIGRATIONS.map((m) => m.id);
  const applied = await db.query<{ id: string }>('SELECT id FROM schema_migrations');
  const done = new Set(applied.rows.map((r) => r.id));
  return ENGINE_MIGRATIONS.map((m) => m.id).filter((id) => !done.has(id));
}
