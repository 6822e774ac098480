import type { Clock, IdGenerator } from '@app/application';
import type { DatabaseEventStore, SqlDatabase, SqlExecutor } from '@app/event-store';
import { DataSubjectErasure, ErasureHooks, erasureStreamOf, KeyEncryption, parseKek, personalValues, SubjectKeys } from '@app/privacy';
import type { ProjectionManager } from '@app/projections';
import { WebhookSecrets, WebhookStore } from '@app/webhooks';
import type { EngineConfig } from '@app/config';

/**
 * The key-encryption key of stored keys, from `DATA_KEY_ENCRYPTION_KEY` (and `…_PREVIOUS` during
 * a rotation).
 *
 * @example
 * const kek = keyEncryptionOf(config);
 */
export function keyEncryptionOf(config: EngineConfig): KeyEncryption {
  const current = parseKek(config.dataKeyEncryption.key ?? '');
  if (!current) throw new Error('DATA_KEY_ENCRYPTION_KEY is not configured (32 random bytes in base64)');
  const previous = config.dataKeyEncryption.previousKey ? parseKek(config.dataKeyEncryption.previousKey) : undefined;
  return new KeyEncryption(current, previous);
}

/**
 * Wraps every stored key (subject keys, webhook signing secrets) that is in clear or under a
 * key-encryption key other than the current one. Runs after the migrations at start, and as
 * `npm run cli -- keys rewrap`.
 *
 * @example
 * const { subjectKeys, webhookSecrets } = await rewrapStoredKeys(db, keyEncryptionOf(config));
 */
export async function rewrapStoredKeys(db: SqlDatabase, kek: KeyEncryption): Promise<{ subjectKeys: number; webhookSecrets: number }> {
  return { subjectKeys: await new SubjectKeys(kek).rewrap(db), webhookSecrets: await new WebhookSecrets(kek).rewrap(db) };
}

/** Personal values a project's read model still shows (left by an erasure that stopped half-way). */
async function projectRemnants(sql: SqlExecutor, streamId: string): Promise<string[]> {
  const res = await sql.query<{ doc: { state?: unknown } }>('SELECT doc FROM projects WHERE id = $1', [streamId.slice('project-'.length)]);
  return res.rows.flatMap((row) => [...personalValues(row.doc.state, [])]);
}

export interface ErasureDependencies {
  readonly db: SqlDatabase;
  readonly store: DatabaseEventStore;
  readonly projections: ProjectionManager;
  readonly keys: SubjectKeys;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Holds the webhook subscriptions inside the erasure's transaction (see `WebhookDispatcher.holdDispatchWithin`). */
  readonly holdDispatch?: (tx: SqlExecutor) => Promise<void>;
  /** Runs once an erasure committed (wakes the log's readers). */
  readonly committed?: () => void;
  /** Wraps the hooks (tests inject failures between steps). */
  readonly wrap?: (hooks: ErasureHooks) => ErasureHooks;
}

/**
 * The engine's erasure: every step in the erasure's transaction — the key, the blanking of
 * stored webhook bodies, the re-fold of the read models and the `DataSubjectErased` record
 * (actor: the admin who asked) commit together.
 *
 * @example
 * const erasure = engineErasure({ db, store, projections, keys, ids, clock });
 * await erasure.erase('project_019a…', { id: 'admin-1', roles: ['admin'] });
 */
export function engineErasure(deps: ErasureDependencies): DataSubjectErasure {
  const hooks: ErasureHooks = {
    scrub: async (tx, values) => {
      await deps.holdDispatch?.(tx);
      return new WebhookStore().scrubBodies(tx, values);
    },
    remnants: projectRemnants,
    refold: (tx, streamId) => deps.projections.replayStream(streamId, tx),
    record: async (tx, subjectId, scrubbed, actor) => {
      await tx.appendToStreams([
        {
          streamId: erasureStreamOf(subjectId),
          expectedVersion: 'any',
          events: [
            {
              eventId: deps.ids.next(),
              type: 'DataSubjectErased',
              schemaVersion: 1,
              data: { subjectId, scrubbedDeliveries: scrubbed, at: deps.clock.now().toISOString() },
              metadata: { actor: actor ? { id: actor.id, roles: [...actor.roles] } : { id: 'privacy', roles: ['system'] } },
            },
          ],
        },
      ]);
    },
    ...(deps.committed ? { committed: deps.committed } : {}),
  };
  return new DataSubjectErasure(deps.db, deps.store, deps.wrap ? deps.wrap(hooks) : hooks, deps.keys);
}
