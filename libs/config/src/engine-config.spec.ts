import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './engine-config';
import { problemsOf } from './testing/problems-of';
import { withGeneratedSecrets } from './generated-secrets';


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

  it('reaches Redis through Sentinel with REDIS_SENTINELS and REDIS_SENTINEL_NAME, which go together', () => {
    const config = parseConfig({ REDIS_SENTINELS: '10.0.0.1:26379, [::1]:26380,sentinel-2.local:26381', REDIS_SENTINEL_NAME: 'grants' });
    expect(config.redisSentinel).toEqual({
      name: 'grants',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '::1', port: 26380 },
        { host: 'sentinel-2.local', port: 26381 },
      ],
    });
    expect(parseConfig({}).redisSentinel).toBeUndefined();
    expect(problemsOf({ REDIS_SENTINELS: '10.0.0.1:26379' })).toEqual([expect.stringContaining('REDIS_SENTINELS is set without REDIS_SENTINEL_NAME')]);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'grants' })).toEqual([expect.stringContaining('REDIS_SENTINEL_NAME is set without REDIS_SENTINELS')]);
    expect(problemsOf({ REDIS_SENTINELS: '10.0.0.1,10.0.0.2:99999', REDIS_SENTINEL_NAME: 'grants' })).toEqual([
      'REDIS_SENTINELS must be host:port pairs separated by commas (got "10.0.0.1")',
      'REDIS_SENTINELS must be host:port pairs separated by commas (got "10.0.0.2:99999")',
    ]);
  });

  it('keeps 10000 command states per process unless COMMAND_STATE_CACHE_SIZE says otherwise (0 keeps none)', () => {
    expect(parseConfig({}).commandStateCacheSize).toBe(10_000);
    expect(parseConfig({ COMMAND_STATE_CACHE_SIZE: '0' }).commandStateCacheSize).toBe(0);
    expect(parseConfig({ COMMAND_STATE_CACHE_SIZE: '250' }).commandStateCacheSize).toBe(250);
    expect(problemsOf({ COMMAND_STATE_CACHE_SIZE: '-1' })).toEqual(['COMMAND_STATE_CACHE_SIZE must be an integer between 0 and 10000000 (got "-1")']);
  });

  it('takes a read replica beside a database server, and how long a start waits for them', () => {
    const base = { DEV_FEATURES: 'on', DATABASE_URL: 'postgres://primary.internal/grants' };
    expect(parseConfig(base)).toMatchObject({ databaseConnectTimeoutMs: 30_000, queueKeyCheckMs: 30_000 });
    expect(parseConfig(base).databaseReadUrl).toBeUndefined();
    expect(parseConfig({ ...base, DATABASE_READ_URL: 'postgres://replica.internal/grants', DATABASE_CONNECT_TIMEOUT_MS: '0' })).toMatchObject({
      databaseReadUrl: 'postgres://replica.internal/grants',
      databaseConnectTimeoutMs: 0,
    });
    expect(problemsOf({ DEV_FEATURES: 'on', DATABASE_READ_URL: 'postgres://replica.internal/grants' })).toEqual([
      'DATABASE_READ_URL needs DATABASE_URL (the embedded database has no replica)',
    ]);
    expect(problemsOf({ ...base, DATABASE_READ_URL: 'mysql://replica', QUEUE_KEY_CHECK_MS: '5' })).toEqual([
      'DATABASE_READ_URL must use postgres: or postgresql: (got mysql:)',
      'QUEUE_KEY_CHECK_MS must be an integer between 100 and 3600000 (got "5")',
    ]);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ DEV_FEATURES: 'on', PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', QUEUE_PREFIX: 'a b', LOG_LEVEL: 'loud', EVENT_STORE: 'mongo' });
    expect(problems).toHaveLength(6);
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX', 'LOG_LEVEL', 'EVENT_STORE']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('requires real secrets and a database server in production, the missing secrets named in one line', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_URL is required in production/);
    expect(problems[1]).toMatch(/^AUTH_JWT_SECRET, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, FINANCE_WEBHOOK_SECRET, AUDIT_SIGNING_KEY, DATA_KEY_ENCRYPTION_KEY must be set on a server start \(development features are off: NODE_ENV=production;/);
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

  it('keeps documents on the file system with the embedded database and in PostgreSQL otherwise, up to 20 MiB', () => {
    expect(parseConfig({}).documents).toEqual({ maxBytes: 20 * 1024 * 1024, storage: 'filesystem' });
    expect(parseConfig({ DATABASE_URL: 'postgres://db/grants', DEV_FEATURES: 'on' }).documents.storage).toBe('postgres');
    expect(parseConfig({ DOCUMENT_STORAGE: 'postgres', DOCUMENT_MAX_BYTES: '1048576' }).documents).toEqual({ maxBytes: 1024 * 1024, storage: 'postgres' });
    expect(problemsOf({ DOCUMENT_STORAGE: 's3', DOCUMENT_MAX_BYTES: '10' })).toEqual([
      'DOCUMENT_MAX_BYTES must be an integer between 1024 and 1073741824 (got "10")',
      'DOCUMENT_STORAGE must be one of postgres, filesystem (got "s3")',
    ]);
  });

  it('refuses a short HS256 secret and a missing public key for RS256', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET must be at least 32 bytes long']);
    expect(problemsOf({ AUTH_JWT_ALGORITHM: 'RS256' })[0]).toMatch(/^AUTH_JWT_PUBLIC_KEY/);
  });
});

const SERVER = 'postgres://db.internal/grants';
/** Tokens on a server start must name their issuer and audience. */
const IDENTITY = { AUTH_JWT_ISSUER: 'https://id.example.vn', AUTH_JWT_AUDIENCE: 'grants-engine' };
const SECRETS = {
  ...IDENTITY,
  DATA_KEY_ENCRYPTION_KEY: 'q1pmcmZFyR0TpFzfmQ7oyDdsX0HqUH1J3U3m0Vb0LZQ=',
  AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!',
  FINANCE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIEJLPI2Am87Soqe/nTGwIyhJ1yP9VRkXQhxO+qdk1OX2\\n-----END PRIVATE KEY-----',
};

describe('development features and server starts', () => {
  it('are on with the embedded database, which binds to loopback', () => {
    expect(parseConfig({})).toMatchObject({ devFeatures: true, production: false, host: '127.0.0.1', devFeaturesReason: expect.stringContaining('embedded database') });
  });

  it('are off when DATABASE_URL is set without NODE_ENV: a server start, on every interface', () => {
    const config = parseConfig({ DATABASE_URL: SERVER, ...SECRETS });
    expect(config).toMatchObject({ devFeatures: false, production: true, devFeaturesReason: 'DATABASE_URL is set' });
    expect(config.host).toBeUndefined();
  });

  it('stop a server start without its secrets with one line naming every missing one', () => {
    const problems = problemsOf({ DATABASE_URL: SERVER, ...IDENTITY });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET, FINANCE_WEBHOOK_SECRET, AUDIT_SIGNING_KEY, DATA_KEY_ENCRYPTION_KEY must be set on a server start \(development features are off: DATABASE_URL is set;/)]);
    expect(problemsOf({ DATABASE_URL: SERVER, ...IDENTITY, AUTH_JWT_SECRET: SECRETS.AUTH_JWT_SECRET })).toEqual([expect.stringMatching(/^FINANCE_WEBHOOK_SECRET, AUDIT_SIGNING_KEY, DATA_KEY_ENCRYPTION_KEY must be set/)]);
  });

  it('are on with NODE_ENV=development or DEV_FEATURES=on, even on a database server', () => {
    expect(parseConfig({ DATABASE_URL: SERVER, NODE_ENV: 'development' })).toMatchObject({ devFeatures: true, production: false, host: '127.0.0.1', devFeaturesReason: 'NODE_ENV=development' });
    expect(parseConfig({ DATABASE_URL: SERVER, DEV_FEATURES: 'on' })).toMatchObject({ devFeatures: true, production: false, devFeaturesReason: 'DEV_FEATURES=on' });
  });

  it('are forced off by DEV_FEATURES=off, even on the embedded database or with NODE_ENV=development', () => {
    expect(parseConfig({ DEV_FEATURES: 'off', ...SECRETS })).toMatchObject({ devFeatures: false, production: true, devFeaturesReason: 'DEV_FEATURES=off' });
    expect(parseConfig({ DEV_FEATURES: 'off', NODE_ENV: 'development', DATABASE_URL: SERVER, ...SECRETS }).devFeatures).toBe(false);
    expect(problemsOf({ DEV_FEATURES: 'off' })).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, FINANCE_WEBHOOK_SECRET, AUDIT_SIGNING_KEY, DATA_KEY_ENCRYPTION_KEY must be set on a server start \(development features are off: DEV_FEATURES=off;/)]);
  });

  it('accept only on and off, and never with NODE_ENV=production', () => {
    expect(problemsOf({ DEV_FEATURES: 'yes' })).toEqual(['DEV_FEATURES must be on or off (got "yes")']);
    expect(problemsOf({ DEV_FEATURES: 'on', NODE_ENV: 'production', DATABASE_URL: SERVER, ...SECRETS })).toEqual([expect.stringMatching(/^DEV_FEATURES=on cannot be combined with NODE_ENV=production/)]);
    expect(parseConfig({ NODE_ENV: 'production', DATABASE_URL: SERVER, ...SECRETS })).toMatchObject({ devFeatures: false, production: true });
  });

  it('bind where HOST says, with or without development features', () => {
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '10.0.4.7', DATABASE_URL: SERVER, ...SECRETS }).host).toBe('10.0.4.7');
    expect(parseConfig({ HOST: '::1' }).host).toBe('::1');
    expect(problemsOf({ HOST: 'http://x/' })).toEqual(['HOST must be a host name or an IP address (got "http://x/")']);
  });

  it('leave /metrics open unless METRICS_TOKEN is set, and refuse a short token', () => {
    expect(parseConfig({}).metricsToken).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 bytes long']);
  });

  it('keeps the queue dashboard read-only without basic credentials unless told otherwise, and checks the credentials', () => {
    expect(parseConfig({}).queueDashboard).toEqual({ write: false });
    const password = 'dashboard-password-0123';
    expect(parseConfig({ QUEUE_DASHBOARD_WRITE: 'on', QUEUE_DASHBOARD_USER: 'ops', QUEUE_DASHBOARD_PASSWORD: password }).queueDashboard).toEqual({
      write: true,
      basic: { user: 'ops', password },
    });
    expect(problemsOf({ QUEUE_DASHBOARD_USER: 'ops' })).toEqual(['QUEUE_DASHBOARD_USER and QUEUE_DASHBOARD_PASSWORD must be set together']);
    expect(problemsOf({ QUEUE_DASHBOARD_USER: 'ops', QUEUE_DASHBOARD_PASSWORD: 'short' })).toEqual(['QUEUE_DASHBOARD_PASSWORD must be at least 16 bytes long']);
    expect(problemsOf({ QUEUE_DASHBOARD_USER: 'o:ps', QUEUE_DASHBOARD_PASSWORD: password })).toEqual(['QUEUE_DASHBOARD_USER may not contain ":"']);
    expect(problemsOf({ QUEUE_DASHBOARD_WRITE: 'yes' })).toHaveLength(1);
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

  it('generates nothing on a server start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-config-'));
    const server = parseConfig({ DATA_DIR: dataDir, DATABASE_URL: SERVER, ...SECRETS });
    const config = { ...server, auth: { ...server.auth, secret: undefined }, financeWebhookSecret: undefined };
    expect(withGeneratedSecrets(config)).toBe(config);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('keeps configured secrets', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-config-'));
    const config = withGeneratedSecrets(parseConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(40), FINANCE_WEBHOOK_SECRET: 'whsec_abc' }));
    expect(config.auth.secret).toBe('x'.repeat(40));
    expect(config.financeWebhookSecret).toBe('whsec_abc');
  });
});
