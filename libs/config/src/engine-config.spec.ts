import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from './engine-config';
import { withGeneratedSecrets } from './generated-secrets';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('defaults to the embedded database, local Redis and port 3000', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'grants',
      auth: { algorithm: 'HS256' },
      bodyLimitBytes: 1024 * 1024,
    });
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', QUEUE_PREFIX: 'a b', LOG_LEVEL: 'loud', EVENT_STORE: 'mongo' });
    expect(problems).toHaveLength(6);
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'LOG_LEVEL', 'EVENT_STORE']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('requires real secrets and a database server in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['AUTH_JWT_SECRET', 'DATABASE_URL', 'DATA_KEY_ENCRYPTION_KEY', 'FINANCE_WEBHOOK_SECRET']);
  });

  it('takes a key-encryption key of 32 bytes in base64, and the previous one of a rotation', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const previous = Buffer.alloc(32, 9).toString('base64');
    expect(parseConfig({ DATA_KEY_ENCRYPTION_KEY: key, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: previous }).dataKeyEncryption).toEqual({ key, previousKey: previous });
    expect(problemsOf({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toEqual([
      'DATA_KEY_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    ]);
    expect(problemsOf({ DATA_KEY_ENCRYPTION_KEY: key, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: 'secret' })).toEqual([
      'DATA_KEY_ENCRYPTION_KEY_PREVIOUS must be 32 random bytes in base64 (openssl rand -base64 32)',
    ]);
  });

  it('refuses a short HS256 secret and a missing public key for RS256', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET must be at least 32 bytes long']);
    expect(problemsOf({ AUTH_JWT_ALGORITHM: 'RS256' })[0]).toMatch(/^AUTH_JWT_PUBLIC_KEY/);
  });
});

describe('withGeneratedSecrets', () => {
  it('generates secrets once in DATA_DIR and reuses them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-config-'));
    const first = withGeneratedSecrets(parseConfig({ DATA_DIR: dataDir }));
    const second = withGeneratedSecrets(parseConfig({ DATA_DIR: dataDir }));
    expect(first.auth.secret).toHaveLength(64);
    expect(first.financeWebhookSecret).toMatch(/^whsec_/);
    expect(second.auth.secret).toBe(first.auth.secret);
    expect(second.financeWebhookSecret).toBe(first.financeWebhookSecret);
    expect(Buffer.from(first.dataKeyEncryption.key ?? '', 'base64')).toHaveLength(32);
    expect(second.dataKeyEncryption.key).toBe(first.dataKeyEncryption.key);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).authJwtSecret).toBe(first.auth.secret);
  });

  it('keeps configured secrets', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-config-'));
    const config = withGeneratedSecrets(parseConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(40), FINANCE_WEBHOOK_SECRET: 'whsec_abc' }));
    expect(config.auth.secret).toBe('x'.repeat(40));
    expect(config.financeWebhookSecret).toBe('whsec_abc');
  });
});
