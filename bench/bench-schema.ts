import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent } from '@app/event-store';

/** A schema name no other run or test uses. */
export function benchSchemaName(): string {
  return `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops the run's schema with both tables, on a connection of its own (the pools are closed). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'grant-bench-cleanup' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
