import type { EngineConfig } from '@app/config';
import type { SqlDatabase } from '@app/event-store';
import { keyEncryptionOf, pendingMigrations, rewrapStoredKeys } from '@app/runtime';

export const KEYS_HELP = `  keys rewrap                     wrap every stored key (subject keys, webhook signing secrets) under
                                  DATA_KEY_ENCRYPTION_KEY, unwrapping with DATA_KEY_ENCRYPTION_KEY_PREVIOUS`;

export interface KeysCommandContext {
  readonly config: EngineConfig;
  readonly openDatabase: () => Promise<SqlDatabase>;
  readonly print: (line: string) => void;
}

/**
 * `npm run cli -- keys rewrap`: the step of a key-encryption key rotation that moves every stored
 * key to the current KEK (docs/operations.md). Returns the process exit code (0 done, 2 usage).
 *
 * @example
 * process.exitCode = await runKeysCommand(['rewrap'], { config, openDatabase, print: console.log });
 */
export async function runKeysCommand(args: readonly string[], context: KeysCommandContext): Promise<number> {
  if (args[0] !== 'rewrap') {
    context.print(`Usage:\n${KEYS_HELP}`);
    return 2;
  }
  const kek = keyEncryptionOf(context.config);
  const db = await context.openDatabase();
  try {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      context.print(`The database needs migrations first (${pending.join(', ')}): npm run cli -- migrate`);
      return 2;
    }
    const changed = await rewrapStoredKeys(db, kek);
    context.print(
      `Wrapped under key-encryption key ${kek.currentId}: ${changed.subjectKeys} subject key(s), ${changed.webhookSecrets} webhook endpoint(s); ` +
        'every stored key now opens without DATA_KEY_ENCRYPTION_KEY_PREVIOUS',
    );
    return 0;
  } finally {
    await db.close();
  }
}
