import { parseTrustProxy } from './trust-proxy';
import { AuthConfig, parseAuthConfig } from './auth-config';

/**
 * The engine's configuration, parsed once from the environment at boot. Every problem is
 * collected and reported together, naming the variable, so an operator fixes them in one go.
 */
export interface EngineConfig {
  /** A server start: development features off (`!devFeatures`). "Required in production" rules use this. */
  readonly production: boolean;
  // Development features and the network edge (DEV_FEATURES, HOST, METRICS_TOKEN).
  /**
   * Demo sign-in, secrets generated in `dataDir` and the simulated treasury: on with the
   * embedded database, `NODE_ENV=development` or `DEV_FEATURES=on`; `DEV_FEATURES=off` forces
   * them off.
   */
  readonly devFeatures: boolean;
  /** Why development features are on or off, in words for the start-up log. */
  readonly devFeaturesReason: string;
  /** Address the HTTP server binds to: `HOST`, else loopback with development features, else every interface (undefined). */
  readonly host?: string;
  /** Bearer token `/metrics` asks for (`METRICS_TOKEN`); undefined leaves it open to scrapers. */
  readonly metricsToken?: string;
  /**
   * The queue dashboard at `/admin/queues` (docs/operations.md): read-only unless
   * `QUEUE_DASHBOARD_WRITE=on`; optional HTTP basic credentials (`QUEUE_DASHBOARD_USER`,
   * `QUEUE_DASHBOARD_PASSWORD`) besides an admin's session cookie.
   */
  readonly queueDashboard: { readonly write: boolean; readonly basic?: { readonly user: string; readonly password: string } };
  readonly port: number;
  /** PostgreSQL server URL; undefined means the embedded database in `dataDir`. */
  readonly databaseUrl?: string;
  /** Schema of every engine table on the PostgreSQL server (default `public`). */
  readonly databaseSchema?: string;
  readonly databasePoolSize: number;
  /**
   * A read replica (`DATABASE_READ_URL`) for the read models and event reads; a read that asks
   * for `minPosition` the replica has not replayed yet goes to the primary. Undefined: every read
   * goes to `DATABASE_URL`.
   */
  readonly databaseReadUrl?: string;
  /**
   * How long a start keeps trying to reach the database before it gives up with exit 78
   * (`DATABASE_CONNECT_TIMEOUT_MS`), so an engine started just before its database still comes up.
   */
  readonly databaseConnectTimeoutMs: number;
  /** How often a worker checks that Redis still holds its keys (`QUEUE_KEY_CHECK_MS`; also at each reconnection). */
  readonly queueKeyCheckMs: number;
  /** Streams whose state the command path keeps per process between commands (`COMMAND_STATE_CACHE_SIZE`; 0 = none). */
  readonly commandStateCacheSize: number;
  /** Longest a SIGTERM/SIGINT shutdown waits for requests in flight and background work (`SHUTDOWN_TIMEOUT_MS`). */
  readonly shutdownTimeoutMs: number;
  readonly dataDir: string;
  readonly eventStore: 'postgres';
  readonly redisUrl: string;
  /**
   * Redis through Sentinel (`REDIS_SENTINELS` as `host:port,…` and `REDIS_SENTINEL_NAME`, plus
   * `REDIS_SENTINEL_PASSWORD` when the sentinels ask for one): every connection asks the sentinels
   * for the current primary and follows a failover; `REDIS_URL` then only gives the primary's
   * credentials, database and TLS. Undefined connects to `REDIS_URL` directly.
   */
  readonly redisSentinel?: RedisSentinelConfig;
  readonly queuePrefix: string;
  /** Bearer token verification (`AUTH_JWT_*`, see `parseAuthConfig`). */
  readonly auth: AuthConfig;
  /** Standard Webhooks secret of inbound finance events; generated with development features. */
  readonly financeWebhookSecret?: string;
  readonly webhookAllowedHosts: string;
  readonly smtpUrl?: string;
  /** Sender address of reminder e-mails. */
  readonly mailFrom: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** Tamper evidence (docs/audit.md). */
  readonly audit: {
    /** PEM Ed25519 private key signing checkpoints (`AUDIT_SIGNING_KEY`); generated in `dataDir` with development features. */
    readonly signingKey?: string;
    /** Sign the chain head every this many events (`AUDIT_CHECKPOINT_EVERY`). */
    readonly checkpointEvery: number;
    /** …and when it moved and the last checkpoint is this old (`AUDIT_CHECKPOINT_MINUTES`; 0 = never). */
    readonly checkpointMinutes: number;
    /** Most events one `GET /audit/events` export carries (`AUDIT_EXPORT_MAX_EVENTS`). */
    readonly exportMaxEvents: number;
  };
  // The in-process worker's wake-ups (docs/benchmarks.md "HTTP write path").
  /**
   * Appends within `coalesceMs` of each other wake the worker's runners once (`WORKER_COALESCE_MS`;
   * 0 = on every append); under a steady stream the wake-up waits at most `maxDelayMs`
   * (`WORKER_COALESCE_MAX_MS`). At most `concurrentPasses` subscription passes of a process hold
   * a database connection at once (`WORKER_CONCURRENT_PASSES`).
   */
  readonly worker: { readonly coalesceMs: number; readonly maxDelayMs: number; readonly concurrentPasses: number };
  /** 360Giving export: the id prefix and the funding organisation (`OPEN_DATA_*`). */
  readonly openData: { readonly prefix: string; readonly funderId: string; readonly funderName: string };
  // Rate limits and client addresses (docs/operations.md "Rate limits").
  /** Requests per minute; `enabled` is false with `RATE_LIMIT=off`. */
  readonly rateLimit: {
    readonly enabled: boolean;
    /** Per client address on routes without a token: finance webhook, sign-in (`RATE_LIMIT_PUBLIC`). */
    readonly public: number;
    /** Per client address on token routes, counted before authentication (`RATE_LIMIT_ADDRESS`). */
    readonly address: number;
    /** Per verified subject on token routes (`RATE_LIMIT_AUTHENTICATED`). */
    readonly authenticated: number;
    /** Per verified subject on costly routes: audit verification and exports (`RATE_LIMIT_COSTLY`). */
    readonly costly: number;
  };
  /** Express `trust proxy`: which proxies' `X-Forwarded-For` names the client (`TRUST_PROXY`). */
  readonly trustProxy: number | string | false;
  // Stored keys at rest (docs/operations.md "Key-encryption key").
  /**
   * Key-encryption key wrapping subject keys and webhook signing secrets: 32 bytes in base64
   * (`DATA_KEY_ENCRYPTION_KEY`, generated in `dataDir` with development features), and the one before a
   * rotation, used only to unwrap (`DATA_KEY_ENCRYPTION_KEY_PREVIOUS`).
   */
  readonly dataKeyEncryption: { readonly key?: string; readonly previousKey?: string };
  /**
   * Project documents: the largest upload in bytes (`DOCUMENT_MAX_BYTES`, default 20 MiB) and
   * where their bytes live (`DOCUMENT_STORAGE`): `filesystem` (`DATA_DIR/documents`, the default
   * with the embedded database) or `postgres` (the database's tables, the default with `DATABASE_URL`).
   */
  readonly documents: { readonly maxBytes: number; readonly storage: 'postgres' | 'filesystem' };
  /**
   * A directory of `*.json` files, one policy set each, that join the shipped sets at start
   * (`POLICY_DIR`; docs/policies.md); undefined loads none.
   */
  readonly policyDir?: string;
}

/** Where the sentinels that know the Redis primary listen, and the name they know it by. */
export interface RedisSentinelConfig {
  readonly sentinels: readonly { readonly host: string; readonly port: number }[];
  readonly name: string;
  readonly password?: string;
}

/**
 * Reads `REDIS_SENTINELS` (`host:port,…`, IPv6 hosts in brackets), `REDIS_SENTINEL_NAME` and
 * `REDIS_SENTINEL_PASSWORD`; the first two go together. Problems are pushed, naming the variable.
 *
 * @example
 * parseRedisSentinel({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'grants' }, problems);
 */
export function parseRedisSentinel(env: Readonly<Record<string, string | undefined>>, problems: string[]): RedisSentinelConfig | undefined {
  const list = env.REDIS_SENTINELS?.trim() || undefined;
  const name = env.REDIS_SENTINEL_NAME?.trim() || undefined;
  if (!list && !name) return undefined;
  if (!list) {
    problems.push('REDIS_SENTINEL_NAME is set without REDIS_SENTINELS (host:port,… of the sentinels)');
    return undefined;
  }
  if (!name) {
    problems.push('REDIS_SENTINELS is set without REDIS_SENTINEL_NAME (the name the sentinels know the primary by)');
    return undefined;
  }
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) problems.push(`REDIS_SENTINEL_NAME may hold letters, digits, "_", "." and "-" (got "${name}")`);
  const sentinels: { host: string; port: number }[] = [];
  for (const entry of list.split(',').map((e) => e.trim())) {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) {
      problems.push(`REDIS_SENTINELS must be host:port pairs separated by commas (got "${entry}")`);
      continue;
    }
    sentinels.push({ host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port });
  }
  const password = env.REDIS_SENTINEL_PASSWORD || undefined;
  return { sentinels, name, ...(password ? { password } : {}) };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether development features are on, and why: `DEV_FEATURES` (`on`/`off`) decides when set;
 * otherwise `NODE_ENV=production` turns them off, and `NODE_ENV=development` or the embedded
 * database (no `DATABASE_URL`) turns them on. Anything else is a server start.
 *
 * @example
 * devFeaturesOf({ DATABASE_URL: 'postgres://db/grants' }); // { on: false, reason: 'DATABASE_URL is set', problems: [] }
 */
export function devFeaturesOf(env: Env): { on: boolean; reason: string; problems: string[] } {
  const flag = env.DEV_FEATURES ?? '';
  if (flag !== '' && flag !== 'on' && flag !== 'off') {
    return { on: false, reason: 'DEV_FEATURES is not on or off', problems: [`DEV_FEATURES must be on or off (got "${flag}")`] };
  }
  if (flag === 'on' && env.NODE_ENV === 'production') {
    return { on: false, reason: 'NODE_ENV=production', problems: ['DEV_FEATURES=on cannot be combined with NODE_ENV=production (development features are never on in production)'] };
  }
  if (flag === 'on') return { on: true, reason: 'DEV_FEATURES=on', problems: [] };
  if (flag === 'off') return { on: false, reason: 'DEV_FEATURES=off', problems: [] };
  if (env.NODE_ENV === 'production') return { on: false, reason: 'NODE_ENV=production', problems: [] };
  if (env.NODE_ENV === 'development') return { on: true, reason: 'NODE_ENV=development', problems: [] };
  if (!env.DATABASE_URL) return { on: true, reason: 'the embedded database is in use (no DATABASE_URL)', problems: [] };
  return { on: false, reason: 'DATABASE_URL is set', problems: [] };
}

/** A host name or an IP address (v4 or v6), as `HOST` may give. */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/;

function parseSize(value: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * Parses the environment (API.md "Configuration" plus the operational extras documented in the
 * README). Throws {@link ConfigError} listing every bad variable.
 *
 * @example
 * const config = parseConfig(process.env);
 */
export function parseConfig(env: Env): EngineConfig {
  const problems: string[] = [];
  // Development features and the network edge. A server start is every start without them; its
  // secrets are never generated: those missing are named together in one problem.
  const dev = devFeaturesOf(env);
  problems.push(...dev.problems);
  const production = !dev.on;
  const missingSecrets: string[] = [];
  const host = env.HOST || (dev.on ? '127.0.0.1' : undefined);
  if (env.HOST && !HOST_PATTERN.test(env.HOST)) problems.push(`HOST must be a host name or an IP address (got "${env.HOST}")`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken && Buffer.byteLength(metricsToken) < 16) problems.push('METRICS_TOKEN must be at least 16 bytes long');
  const dashboardUser = env.QUEUE_DASHBOARD_USER || undefined;
  const dashboardPassword = env.QUEUE_DASHBOARD_PASSWORD || undefined;
  if (Boolean(dashboardUser) !== Boolean(dashboardPassword)) problems.push('QUEUE_DASHBOARD_USER and QUEUE_DASHBOARD_PASSWORD must be set together');
  if (dashboardUser?.includes(':')) problems.push('QUEUE_DASHBOARD_USER may not contain ":"');
  if (dashboardPassword && Buffer.byteLength(dashboardPassword) < 16) problems.push('QUEUE_DASHBOARD_PASSWORD must be at least 16 bytes long');

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, protocols: readonly string[], fallback?: string): string | undefined => {
    const raw = env[name] || fallback;
    if (!raw) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const port = int('PORT', 3000, 1, 65535);
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseReadUrl = url('DATABASE_READ_URL', ['postgres:', 'postgresql:']);
  if (databaseReadUrl && !databaseUrl) problems.push('DATABASE_READ_URL needs DATABASE_URL (the embedded database has no replica)');
  const databaseSchema = env.DATABASE_SCHEMA || undefined;
  if (databaseSchema && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push('DATABASE_SCHEMA must be a plain SQL identifier (letters, digits, underscore)');
  }
  if (!databaseUrl && env.NODE_ENV === 'production') problems.push('DATABASE_URL is required in production (the embedded database is for development and demos)');
  const eventStore = env.EVENT_STORE ?? 'postgres';
  if (eventStore === 'kurrentdb') {
    problems.push('EVENT_STORE=kurrentdb: the KurrentDB adapter is not part of this release; use postgres');
  } else if (eventStore !== 'postgres') {
    problems.push(`EVENT_STORE must be postgres or kurrentdb (got "${eventStore}")`);
  }
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379') ?? 'redis://127.0.0.1:6379';
  const redisSentinel = parseRedisSentinel(env, problems);
  const queuePrefix = env.QUEUE_PREFIX || 'grants';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX may hold letters, digits, "_", "." and "-" (1–64 characters)');

  // Bearer tokens: algorithms pinned, keys checked, issuer/audience/lifetime rules (auth-config.ts).
  const auth = parseAuthConfig(env, production, problems, missingSecrets);
  const financeWebhookSecret = env.FINANCE_WEBHOOK_SECRET || undefined;
  if (!financeWebhookSecret && production) missingSecrets.push('FINANCE_WEBHOOK_SECRET');
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const bodyLimitRaw = env.BODY_LIMIT ?? '1mb';
  const bodyLimitBytes = parseSize(bodyLimitRaw);
  if (bodyLimitBytes === undefined || bodyLimitBytes < 1024) problems.push(`BODY_LIMIT must be a size such as 512kb or 1mb (got "${bodyLimitRaw}")`);

  const auditSigningKey = env.AUDIT_SIGNING_KEY?.replace(/\\n/g, '\n') || undefined;
  if (auditSigningKey && !auditSigningKey.includes('BEGIN PRIVATE KEY')) problems.push('AUDIT_SIGNING_KEY must hold a PEM Ed25519 private key (-----BEGIN PRIVATE KEY-----)');
  if (!auditSigningKey && production) missingSecrets.push('AUDIT_SIGNING_KEY');
  const openDataPrefix = env.OPEN_DATA_PREFIX || 'kc-vn';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(openDataPrefix)) problems.push('OPEN_DATA_PREFIX may hold letters, digits and "-" (1–64 characters)');

  // Key-encryption key of stored keys.
  const kek = (name: string): string | undefined => {
    const raw = env[name]?.trim() || undefined;
    if (raw && (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || Buffer.from(raw, 'base64').length !== 32)) {
      problems.push(`${name} must be 32 random bytes in base64 (openssl rand -base64 32)`);
    }
    return raw;
  };
  const dataKeyEncryption = { key: kek('DATA_KEY_ENCRYPTION_KEY'), previousKey: kek('DATA_KEY_ENCRYPTION_KEY_PREVIOUS') };
  if (!dataKeyEncryption.key && production) missingSecrets.push('DATA_KEY_ENCRYPTION_KEY');
  // An unreadable DEV_FEATURES already says what to fix; whether secrets are needed follows from it.
  if (missingSecrets.length > 0 && dev.problems.length === 0) {
    problems.push(
      `${missingSecrets.join(', ')} must be set on a server start (development features are off: ${dev.reason}; ` +
        'DEV_FEATURES=on generates the secrets in DATA_DIR and leaves issuer and audience optional, for development only)',
    );
  }
  const rateLimitSwitch = oneOf('RATE_LIMIT', ['on', 'off'] as const, 'on');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);

  const config: EngineConfig = {
    production,
    devFeatures: dev.on,
    devFeaturesReason: dev.reason,
    host,
    metricsToken,
    queueDashboard: {
      write: oneOf('QUEUE_DASHBOARD_WRITE', ['on', 'off'] as const, 'off') === 'on',
      ...(dashboardUser && dashboardPassword ? { basic: { user: dashboardUser, password: dashboardPassword } } : {}),
    },
    port,
    databaseUrl,
    databaseSchema,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    ...(databaseReadUrl ? { databaseReadUrl } : {}),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 30_000, 0, 600_000),
    queueKeyCheckMs: int('QUEUE_KEY_CHECK_MS', 30_000, 100, 3_600_000),
    commandStateCacheSize: int('COMMAND_STATE_CACHE_SIZE', 10_000, 0, 10_000_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    dataDir: env.DATA_DIR || './data',
    eventStore: 'postgres',
    redisUrl,
    ...(redisSentinel ? { redisSentinel } : {}),
    queuePrefix,
    auth,
    financeWebhookSecret,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS ?? '',
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'nhac-viec@grants.invalid',
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    bodyLimitBytes: bodyLimitBytes ?? 1024 * 1024,
    audit: {
      signingKey: auditSigningKey,
      checkpointEvery: int('AUDIT_CHECKPOINT_EVERY', 1000, 1, 10_000_000),
      checkpointMinutes: int('AUDIT_CHECKPOINT_MINUTES', 10, 0, 7 * 24 * 60),
      exportMaxEvents: int('AUDIT_EXPORT_MAX_EVENTS', 1_000_000, 1, 100_000_000),
    },
    worker: {
      coalesceMs: int('WORKER_COALESCE_MS', 10, 0, 1000),
      maxDelayMs: int('WORKER_COALESCE_MAX_MS', 100, 0, 10_000),
      concurrentPasses: int('WORKER_CONCURRENT_PASSES', 2, 1, 100),
    },
    openData: {
      prefix: openDataPrefix,
      funderId: env.OPEN_DATA_FUNDER_ID || `360G-${openDataPrefix}-FUNDER`,
      funderName: env.OPEN_DATA_FUNDER_NAME || 'Trung tâm Khuyến công',
    },
    rateLimit: {
      enabled: rateLimitSwitch === 'on',
      public: int('RATE_LIMIT_PUBLIC', 120, 1, 1_000_000),
      address: int('RATE_LIMIT_ADDRESS', 1200, 1, 1_000_000),
      authenticated: int('RATE_LIMIT_AUTHENTICATED', 600, 1, 1_000_000),
      costly: int('RATE_LIMIT_COSTLY', 20, 1, 1_000_000),
    },
    trustProxy: 'value' in trustProxy ? trustProxy.value : 'loopback',
    dataKeyEncryption,
    documents: {
      maxBytes: int('DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      storage: oneOf('DOCUMENT_STORAGE', ['postgres', 'filesystem'] as const, databaseUrl ? 'postgres' : 'filesystem'),
    },
    ...(env.POLICY_DIR ? { policyDir: env.POLICY_DIR } : {}),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
