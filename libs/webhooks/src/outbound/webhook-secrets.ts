import type { SqlDatabase } from '@app/event-store';
import { KeyEncryption, KeyEncryptionError, WRAPPED_PREFIX } from '@app/privacy';

/** The row a signing secret is bound to when wrapped (the same for the current and the previous one, which a rotation moves). */
const contextOf = (endpointId: string): string => `webhook_endpoints:${endpointId}`;

/**
 * Signing secrets of outbound endpoints at rest: wrapped under the key-encryption key
 * (`kek:v1:…` in the `secret` and `previous_secret` columns), so a dump of the database cannot
 * sign messages to finance systems. Secrets stored in clear by older versions are read as they
 * are until {@link rewrap} wraps them (at start and by `npm run cli -- keys rewrap`). Without a
 * key-encryption key (tests, benchmarks) secrets are stored in clear.
 *
 * @example
 * const secrets = new WebhookSecrets(kek);
 * const stored = secrets.seal('e1', 'whsec_…'); // 'kek:v1:…'
 * secrets.open('e1', stored); // 'whsec_…'
 */
export class WebhookSecrets {
  constructor(private readonly kek?: KeyEncryption) {}

  /** The stored form of an endpoint's secret. */
  seal(endpointId: string, secret: string): string {
    return this.kek ? this.kek.wrap(Buffer.from(secret, 'utf8'), contextOf(endpointId)) : secret;
  }

  /** An endpoint's secret from its stored form. */
  open(endpointId: string, stored: string): string {
    if (!KeyEncryption.isWrapped(stored)) return stored;
    if (!this.kek) throw new KeyEncryptionError(`The signing secret of webhook endpoint ${endpointId} is wrapped, and no key-encryption key is configured (DATA_KEY_ENCRYPTION_KEY)`);
    return this.kek.unwrap(stored, contextOf(endpointId)).toString('utf8');
  }

  /**
   * Wraps every stored secret (current and previous) that is in clear or under another
   * key-encryption key with the current one. Returns how many endpoints changed.
   */
  async rewrap(db: SqlDatabase): Promise<number> {
    const kek = this.kek;
    if (!kek) throw new KeyEncryptionError('No key-encryption key is configured (DATA_KEY_ENCRYPTION_KEY)');
    return db.transaction(async (tx) => {
      // Only endpoints with a secret not yet under the current KEK.
      const rows = await tx.query<{ id: string; secret: string; previous_secret: string | null }>(
        `SELECT id, secret, previous_secret FROM webhook_endpoints
         WHERE NOT starts_with(secret, $1) OR NOT starts_with(coalesce(previous_secret, $1), $1)
         ORDER BY id FOR UPDATE`,
        [`${WRAPPED_PREFIX}${kek.currentId}:`],
      );
      let changed = 0;
      for (const row of rows.rows) {
        const stale = kek.needsRewrap(row.secret) || (row.previous_secret !== null && kek.needsRewrap(row.previous_secret));
        if (!stale) continue;
        const again = (stored: string) => this.seal(row.id, this.open(row.id, stored));
        await tx.query('UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1', [
          row.id,
          again(row.secret),
          row.previous_secret === null ? null : again(row.previous_secret),
        ]);
        changed += 1;
      }
      return changed;
    });
  }
}
