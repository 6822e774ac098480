import { randomBytes } from 'node:crypto';
import { migrate, SqlDatabase } from '@app/event-store';
import { KeyEncryption, KeyEncryptionError, PersonalDataGuard, SubjectKeys } from '@app/privacy';
import { testSqlDatabases } from '@app/testing';
import { WebhookSecrets } from '@app/webhooks';
import { ENGINE_MIGRATIONS } from './engine-migrations';
import { rewrapStoredKeys } from './privacy-wiring';

jest.setTimeout(60_000);

const ADAPTERS = testSqlDatabases('keys');

describe.each(ADAPTERS)('stored keys at rest on $name', (adapter) => {
  let db: SqlDatabase;
  let close: () => Promise<void>;
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);

  beforeAll(async () => {
    ({ db, close } = await adapter.open());
    await migrate(db, ENGINE_MIGRATIONS);
  });
  afterAll(() => close?.());

  const storedKey = async (subjectId: string) =>
    Buffer.from((await db.query<{ key: Uint8Array }>('SELECT key FROM data_subject_keys WHERE subject_id = $1', [subjectId])).rows[0]?.key ?? []);
  const storedSecrets = async (id: string) =>
    (await db.query<{ secret: string; previous_secret: string | null }>('SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1', [id])).rows[0];
  const endpoint = (id: string, secret: string, previous: string | null) =>
    db.query(
      `INSERT INTO webhook_endpoints (id, url, event_types, secret, previous_secret, previous_secret_expires_at, status, created_at, updated_at)
       VALUES ($1, 'https://finance.example/hook', '{payment_order.issued}', $2, $3, now(), 'active', now(), now())`,
      [id, secret, previous],
    );

  it('keeps a subject key and a signing secret only wrapped: the stored columns hold neither', async () => {
    const keys = new SubjectKeys(new KeyEncryption(oldKek));
    const key = await keys.obtain(db, 'project_a');
    expect(key).toBeInstanceOf(Buffer);
    const stored = await storedKey('project_a');
    expect(stored.toString('utf8')).toMatch(/^kek:v1:/);
    expect(stored.includes(key as Buffer)).toBe(false);
    expect((await keys.find(db, ['project_a'])).get('project_a')?.equals(key as Buffer)).toBe(true);

    const secrets = new WebhookSecrets(new KeyEncryption(oldKek));
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await endpoint('e-wrapped', secrets.seal('e-wrapped', secret), null);
    const row = await storedSecrets('e-wrapped');
    expect(row?.secret).toMatch(/^kek:v1:/);
    expect(row?.secret).not.toContain(secret.slice('whsec_'.length));
    expect(secrets.open('e-wrapped', row?.secret ?? '')).toBe(secret);
  });

  it('refuses to open anything under a wrong key-encryption key, with an error naming the variable', async () => {
    const wrong = new KeyEncryption(randomBytes(32));
    await expect(new SubjectKeys(wrong).find(db, ['project_a'])).rejects.toThrow(KeyEncryptionError);
    await expect(new SubjectKeys(wrong).find(db, ['project_a'])).rejects.toThrow(/DATA_KEY_ENCRYPTION_KEY/);
    await expect(new SubjectKeys().find(db, ['project_a'])).rejects.toThrow(/no key-encryption key is configured/);
    // Opening events does not turn a wrong key into `[erased]` silently.
    const sealed = await new PersonalDataGuard(db, new SubjectKeys(new KeyEncryption(oldKek))).seal(
      'project-a',
      [{ type: 'ProjectDraftCreated', data: { beneficiary: { name: 'Hộ kinh doanh Lê Văn Tám', kind: 'household_business' } } }],
      { status: 'none' },
    );
    await expect(new PersonalDataGuard(db, new SubjectKeys(wrong)).open(sealed)).rejects.toThrow(KeyEncryptionError);
    expect(() => new WebhookSecrets(wrong).open('e-wrapped', 'kek:v1:0000000000000000:AAAA')).toThrow(KeyEncryptionError);
  });

  it('wraps keys stored in clear by an older version, losing nothing', async () => {
    const legacyKey = randomBytes(32);
    await db.query('INSERT INTO data_subject_keys (subject_id, key, created_at) VALUES ($1, $2, now())', ['project_legacy', legacyKey]);
    await endpoint('e-legacy', 'whsec_current', 'whsec_previous');
    const kek = new KeyEncryption(oldKek);
    // Read as they are before the wrap…
    expect((await new SubjectKeys(kek).find(db, ['project_legacy'])).get('project_legacy')?.equals(legacyKey)).toBe(true);

    const changed = await rewrapStoredKeys(db, kek);
    expect(changed).toEqual({ subjectKeys: 1, webhookSecrets: 1 });
    expect((await storedKey('project_legacy')).includes(legacyKey)).toBe(false);
    expect((await new SubjectKeys(kek).find(db, ['project_legacy'])).get('project_legacy')?.equals(legacyKey)).toBe(true);
    const row = await storedSecrets('e-legacy');
    expect(row?.secret).toMatch(/^kek:v1:/);
    expect(row?.previous_secret).toMatch(/^kek:v1:/);
    expect(new WebhookSecrets(kek).open('e-legacy', row?.previous_secret ?? '')).toBe('whsec_previous');
    // …and a second run has nothing left to do.
    expect(await rewrapStoredKeys(db, kek)).toEqual({ subjectKeys: 0, webhookSecrets: 0 });
  });

  it('rotates: the old KEK as previous, rewrap, the old KEK removed, everything still readable', async () => {
    const before = await new SubjectKeys(new KeyEncryption(oldKek)).find(db, ['project_a', 'project_legacy']);
    const rotating = new KeyEncryption(newKek, oldKek);
    expect((await new SubjectKeys(rotating).find(db, ['project_a'])).get('project_a')?.equals(before.get('project_a') as Buffer)).toBe(true);

    const changed = await rewrapStoredKeys(db, rotating);
    expect(changed).toEqual({ subjectKeys: 2, webhookSecrets: 2 });

    const after = new KeyEncryption(newKek);
    const keys = await new SubjectKeys(after).find(db, ['project_a', 'project_legacy']);
    expect(keys.get('project_a')?.equals(before.get('project_a') as Buffer)).toBe(true);
    expect(keys.get('project_legacy')?.equals(before.get('project_legacy') as Buffer)).toBe(true);
    expect(new WebhookSecrets(after).open('e-legacy', (await storedSecrets('e-legacy'))?.secret ?? '')).toBe('whsec_current');
    await expect(new SubjectKeys(new KeyEncryption(oldKek)).find(db, ['project_a'])).rejects.toThrow(KeyEncryptionError);
  });
});
