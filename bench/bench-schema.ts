import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';

/** Schemas named by this process and not dropped yet (for Ctrl-C; see `dropOpenSchemas`). */
const open = new Set<string>();

/** A schema name no other run or test uses. */
export function benchSchemaName(): string {
  const name = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  open.add(name);
  return name;
}

/** Drops every schema this process named and has not dropped (after Ctrl-C in a long part). */
export async function dropOpenSchemas(databaseUrl: string): Promise<string[]> {
  const names = [...open];
  for (const name of names) await dropSchema(databaseUrl, name);
  return names;
}

/** Drops the run's schema with both tables, on a connection of its own (the pools are closed). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'grant-bench-cleanup' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    open.delete(schema);
  } finally {
    await client.end();
  }
}
