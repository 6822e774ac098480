/**
 * The engine's configuration, parsed once from the environment at boot. Every problem is
 * collected and reported together, naming the variable, so an operator fixes them in one go.
 */
export interface EngineConfig {
  readonly production: boolean;
  readonly port: number;
  /** PostgreSQL server URL; undefined means the embedded database in `dataDir`. */
  readonly databaseUrl?: string;
  /** Schema of every engine table on the PostgreSQL server (default `public`). */
  readonly databaseSchema?: string;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly eventStore: 'postgres';
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly auth: {
    readonly algorithm: 'HS256' | 'RS256' | 'EdDSA';
    /** HS256 secret (from `AUTH_JWT_SECRET`, or generated in `dataDir` outside production). */
    readonly secret?: string;
    /** PEM public key for RS256/EdDSA (`AUTH_JWT_PUBLIC_KEY`). */
    readonly publicKey?: string;
    readonly issuer?: string;
    readonly audience?: string;
  };
  /** Standard Webhooks secret of inbound finance events; generated outside production. */
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
    /** PEM Ed25519 private key signing checkpoints (`AUDIT_SIGNING_KEY`); generated in `dataDir` outside production. */
    readonly signingKey?: string;
    /** Sign the chain head every this many events (`AUDIT_CHECKPOINT_EVERY`). */
    readonly checkpointEvery: number;
    /** …and when it moved and the last checkpoint is this old (`AUDIT_CHECKPOINT_MINUTES`; 0 = never). */
    readonly checkpointMinutes: number;
    /** Most events one `GET /audit/events` export carries (`AUDIT_EXPORT_MAX_EVENTS`). */
    readonly exportMaxEvents: number;
  };
  /** 360Giving export: the id prefix and the funding organisation (`OPEN_DATA_*`). */
  readonly openData: { readonly prefix: string; readonly funderId: string; readonly funderName: string };
  // Stored keys at rest (docs/operations.md "Key-encryption key").
  /**
   * Key-encryption key wrapping subject keys and webhook signing secrets: 32 bytes in base64
   * (`DATA_KEY_ENCRYPTION_KEY`, generated in `dataDir` outside production), and the one before a
   * rotation, used only to unwrap (`DATA_KEY_ENCRYPTION_KEY_PREVIOUS`).
   */
  readonly dataKeyEncryption: { readonly key?: string; readonly previousKey?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

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
  const production = env.NODE_ENV === 'production';

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
  const databaseSchema = env.DATABASE_SCHEMA || undefined;
  if (databaseSchema && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push('DATABASE_SCHEMA must be a plain SQL identifier (letters, digits, underscore)');
  }
  if (!databaseUrl && production) problems.push('DATABASE_URL is required in production (the embedded database is for development and demos)');
  const eventStore = env.EVENT_STORE ?? 'postgres';
  if (eventStore === 'kurrentdb') {
    problems.push('EVENT_STORE=kurrentdb: the KurrentDB adapter is not part of this release; use postgres');
  } else if (eventStore !== 'postgres') {
    problems.push(`EVENT_STORE must be postgres or kurrentdb (got "${eventStore}")`);
  }
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379') ?? 'redis://127.0.0.1:6379';
  const queuePrefix = env.QUEUE_PREFIX || 'grants';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX may hold letters, digits, "_", "." and "-" (1–64 characters)');

  const algorithm = oneOf('AUTH_JWT_ALGORITHM', ['HS256', 'RS256', 'EdDSA'] as const, 'HS256');
  const secret = env.AUTH_JWT_SECRET || undefined;
  const publicKey = env.AUTH_JWT_PUBLIC_KEY?.replace(/\\n/g, '\n') || undefined;
  if (algorithm === 'HS256') {
    if (secret && Buffer.byteLength(secret) < 32) problems.push('AUTH_JWT_SECRET must be at least 32 bytes long');
    if (!secret && production) problems.push('AUTH_JWT_SECRET is required in production with AUTH_JWT_ALGORITHM=HS256');
  } else if (!publicKey || !publicKey.includes('BEGIN PUBLIC KEY')) {
    problems.push(`AUTH_JWT_PUBLIC_KEY must hold a PEM public key when AUTH_JWT_ALGORITHM=${algorithm}`);
  }
  const financeWebhookSecret = env.FINANCE_WEBHOOK_SECRET || undefined;
  if (!financeWebhookSecret && production) problems.push('FINANCE_WEBHOOK_SECRET is required in production');
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const bodyLimitRaw = env.BODY_LIMIT ?? '1mb';
  const bodyLimitBytes = parseSize(bodyLimitRaw);
  if (bodyLimitBytes === undefined || bodyLimitBytes < 1024) problems.push(`BODY_LIMIT must be a size such as 512kb or 1mb (got "${bodyLimitRaw}")`);

  const auditSigningKey = env.AUDIT_SIGNING_KEY?.replace(/\\n/g, '\n') || undefined;
  if (auditSigningKey && !auditSigningKey.includes('BEGIN PRIVATE KEY')) problems.push('AUDIT_SIGNING_KEY must hold a PEM Ed25519 private key (-----BEGIN PRIVATE KEY-----)');
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
  if (!dataKeyEncryption.key && production) problems.push('DATA_KEY_ENCRYPTION_KEY is required in production (32 random bytes in base64: openssl rand -base64 32)');

  const config: EngineConfig = {
    production,
    port,
    databaseUrl,
    databaseSchema,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir: env.DATA_DIR || './data',
    eventStore: 'postgres',
    redisUrl,
    queuePrefix,
    auth: {
      algorithm,
      secret,
      publicKey,
      issuer: env.AUTH_JWT_ISSUER || undefined,
      audience: env.AUTH_JWT_AUDIENCE || undefined,
    },
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
    openData: {
      prefix: openDataPrefix,
      funderId: env.OPEN_DATA_FUNDER_ID || `360G-${openDataPrefix}-FUNDER`,
      funderName: env.OPEN_DATA_FUNDER_NAME || 'Trung tâm Khuyến công',
    },
    dataKeyEncryption,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
