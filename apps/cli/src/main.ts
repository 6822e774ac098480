import 'reflect-metadata';
import { join } from 'node:path';
import { EngineConfig, parseConfig, withGeneratedSecrets } from '@app/config';
import { migrate, PgDatabase, PgliteDatabase, SqlDatabase } from '@app/event-store';
import { SqlEventStore } from '@app/event-store/sql-event-store';
import { PersonalDataGuard, SubjectKeys } from '@app/privacy';
import { ProjectionManager } from '@app/projections';
import { ALL_PROJECTIONS, ENGINE_MIGRATIONS, keyEncryptionOf, rewrapStoredKeys } from '@app/runtime';
import { parseArgs } from './args';
import { AUDIT_HELP, runAuditCommand } from './audit/audit-command';
import { loadDemo } from './demo/demo-loader';
import { KEYS_HELP, runKeysCommand } from './keys/keys-command';
import { mintDevelopmentToken, UsageError } from './token-command';

const HELP = `Usage: npm run cli -- <command> [options]

  migrate                         apply pending database migrations (and wrap keys stored in clear)
  token --role <role>[,<role>] --sub <user> [--name <name>] [--areas <code>,…] [--authority department|people_committee|ministry] [--ttl 12h]
        [--iss <issuer>] [--aud <audience>]
                                  print a signed development token (not in production); iss and
                                  aud default to AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE
  projections                     show each read model generation, its position and lag
  rebuild <projection>            rebuild a read model blue/green and switch it in
  demo [--url http://localhost:3000]
                                  load the demo programme of this year into the running engine (once)
${AUDIT_HELP}
${KEYS_HELP}
  help                            this text

Configuration comes from the environment, as for the engine (see README).`;

async function openDatabase(config: EngineConfig): Promise<SqlDatabase> {
  return config.databaseUrl
    ? new PgDatabase({ connectionString: config.databaseUrl, schema: config.databaseSchema, maxConnections: 4 })
    : PgliteDatabase.open({ dataDir: join(config.dataDir, 'pglite') });
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { command, options } = parseArgs(process.argv.slice(2));
  const option = (name: string): string | undefined => options.get(name)?.at(-1);
  const config = withGeneratedSecrets(parseConfig(process.env));
  switch (command[0] ?? 'help') {
    case 'migrate': {
      const db = await openDatabase(config);
      try {
        const report = await migrate(db, ENGINE_MIGRATIONS);
        console.log(report.applied.length > 0 ? `Applied: ${report.applied.join(', ')}` : `Up to date (${report.alreadyApplied} migrations)`);
        // Keys stored in clear by an older version are wrapped under the key-encryption key.
        const wrapped = await rewrapStoredKeys(db, keyEncryptionOf(config));
        if (wrapped.subjectKeys + wrapped.webhookSecrets > 0) console.log(`Wrapped ${wrapped.subjectKeys} subject key(s) and ${wrapped.webhookSecrets} webhook endpoint secret(s)`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'token': {
      try {
        console.log(mintDevelopmentToken(config, options));
      } catch (error) {
        if (error instanceof UsageError) fail(error.message);
        throw error;
      }
      return;
    }
    case 'projections':
    case 'rebuild': {
      const db = await openDatabase(config);
      const store = new SqlEventStore(db);
      // Read models hold personal data opened, as the engine's own runners write it.
      const guard = new PersonalDataGuard(db, new SubjectKeys(keyEncryptionOf(config)));
      const manager = new ProjectionManager(store, db, ALL_PROJECTIONS, { prepare: (events, tx) => guard.open(events, tx) });
      try {
        await manager.setUp();
        if (command[0] === 'rebuild') {
          const name = command[1];
          if (!name || !ALL_PROJECTIONS.some((p) => p.name === name)) fail(`rebuild needs a projection name: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
          const generation = await manager.rebuild(name);
          const started = Date.now();
          await manager.catchUp();
          console.log(`Rebuilt ${name} as generation ${generation} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
        for (const s of await manager.status()) {
          console.log(`${s.name.padEnd(16)} g${s.generation} ${s.status.padEnd(8)} position ${s.position} lag ${s.lag}${s.lastError ? ` error: ${s.lastError}` : ''}`);
        }
      } finally {
        await db.close();
      }
      return;
    }
    case 'demo':
      await loadDemo(config, option('url'));
      return;
    case 'audit':
      process.exitCode = await runAuditCommand(command.slice(1), { config, option, openDatabase: () => openDatabase(config), storeOf: (db) => new SqlEventStore(db) });
      return;
    case 'keys':
      process.exitCode = await runKeysCommand(command.slice(1), { config, openDatabase: () => openDatabase(config), print: (line) => console.log(line) });
      return;
    case 'help':
      console.log(HELP);
      return;
    default:
      fail(`Unknown command "${command[0]}".\n\n${HELP}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
