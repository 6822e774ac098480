import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgDatabase, PgliteDatabase, quoteIdent, type SqlDatabase } from '@app/event-store';

/** The PostgreSQL the tests use: `DATABASE_URL`, or the test database made by the global setup. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grants_test';
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A name unique to this run and file, usable as a schema name or a key prefix. */
export function uniqueTestName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export interface TestSchema {
  readonly schema: string;
  readonly url: string;
  readonly db: PgDatabase;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL schema for one test file, so files and runs never see each other's rows.
 *
 * @example
 * const test = await createTestSchema();
 * afterAll(() => test.drop());
 */
export async function createTestSchema(prefix = 't'): Promise<TestSchema> {
  const schema = uniqueTestName(prefix);
  const url = testDatabaseUrl();
  const db = new PgDatabase({ connectionString: url, schema, maxConnections: 25 });
  return {
    schema,
    url,
    db,
    async drop() {
      await db.close();
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A SQL database a test can open and close: the embedded PGlite, or a fresh PostgreSQL schema. */
export interface TestSqlDatabase {
  readonly name: 'PGlite' | 'PostgreSQL';
  open(): Promise<{ db: SqlDatabase; close: () => Promise<void> }>;
}

/**
 * Both SQL databases the engine runs on, for `describe.each` over them: PGlite in memory, and a
 * PostgreSQL schema of its own (prefixed `schemaPrefix`) dropped on close.
 *
 * @example
 * describe.each(testSqlDatabases('keys'))('stored keys on $name', (database) => { … });
 */
export function testSqlDatabases(schemaPrefix: string): TestSqlDatabase[] {
  return [
    {
      name: 'PGlite',
      open: async () => {
        const db = await PgliteDatabase.open();
        return { db, close: () => db.close() };
      },
    },
    {
      name: 'PostgreSQL',
      open: async () => {
        const test = await createTestSchema(schemaPrefix);
        return { db: test.db, close: () => test.drop() };
      },
    },
  ];
}
