import { createPublicKey, KeyObject } from 'node:crypto';

/** The token algorithms the engine verifies (never `none`). */
export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

/** How bearer tokens are verified (API.md "Identity", docs/operations.md "Identity provider"). */
export interface AuthConfig {
  /** The algorithm of a single-key setup, or the first of `algorithms` (`AUTH_JWT_ALGORITHM`). */
  readonly algorithm: JwtAlgorithm;
  /** Every algorithm a token may carry; one, except with a JWKS URL (`RS256,ES256`…). */
  readonly algorithms: readonly JwtAlgorithm[];
  /** HS256 secret (from `AUTH_JWT_SECRET`, or generated in `dataDir` with development features). */
  readonly secret?: string;
  /** PEM (SPKI) public key for RS256/ES256/EdDSA (`AUTH_JWT_PUBLIC_KEY`). */
  readonly publicKey?: string;
  /** JSON Web Key Set of an OpenID Connect provider (`AUTH_JWT_JWKS_URL`). */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Longest accepted token lifetime, in seconds (`AUTH_JWT_MAX_TTL`, default 12 h). */
  readonly maxTtlSeconds: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256', 'ES256', 'EdDSA'];
const DEFAULT_MAX_TTL_SECONDS = 12 * 3600;
const MAX_TTL_RANGE = { min: 60, max: 30 * 86400 } as const;

/**
 * A lifetime such as `43200`, `30m`, `12h` or `7d`, in seconds; undefined when it is not one.
 *
 * @example
 * parseTtlSeconds('12h'); // 43200
 */
export function parseTtlSeconds(value: string): number | undefined {
  const m = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** Why a PEM cannot verify tokens of `algorithm`, or undefined when it can. */
function publicKeyProblem(pem: string, algorithm: JwtAlgorithm): string | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return 'is not a readable PEM public key (-----BEGIN PUBLIC KEY-----)';
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm === 'RS256') {
    if (type !== 'rsa') return `must be an RSA key for RS256 (got ${type ?? 'unknown'})`;
    if ((details.modulusLength ?? 0) < 2048) return 'must be an RSA key of at least 2048 bits';
  } else if (algorithm === 'ES256') {
    if (type !== 'ec' || details.namedCurve !== 'prime256v1') return `must be an EC P-256 key for ES256 (got ${type ?? 'unknown'})`;
  } else if (type !== 'ed25519') {
    return `must be an Ed25519 key for EdDSA (got ${type ?? 'unknown'})`;
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses the `AUTH_JWT_*` variables, pushing each problem (naming its variable) to `problems`
 * and the name of each setting a server start needs but lacks (secret, issuer, audience) to
 * `missingSecrets`, reported with the engine's other missing secrets in one line.
 * The algorithms are pinned here: HS256 needs a secret; RS256, ES256 and EdDSA need either a
 * PEM public key of the matching type or a JWKS URL (which alone may list several algorithms).
 * On a server start (`production`) the issuer and audience are required and a JWKS URL must use
 * https unless it points at this machine.
 *
 * @example
 * const auth = parseAuthConfig(process.env, false, problems, missing);
 */
export function parseAuthConfig(env: Env, production: boolean, problems: string[], missingSecrets: string[]): AuthConfig {
  const secret = env.AUTH_JWT_SECRET || undefined;
  const publicKey = env.AUTH_JWT_PUBLIC_KEY?.replace(/\\n/g, '\n') || undefined;
  const jwksUrl = env.AUTH_JWT_JWKS_URL || undefined;
  const issuer = env.AUTH_JWT_ISSUER || undefined;
  const audience = env.AUTH_JWT_AUDIENCE || undefined;

  const rawAlgorithms = (env.AUTH_JWT_ALGORITHM || (jwksUrl ? 'RS256' : 'HS256')).split(',').map((a) => a.trim()).filter(Boolean);
  const unknown = rawAlgorithms.filter((a) => !(ALGORITHMS as readonly string[]).includes(a));
  let algorithms = rawAlgorithms.filter((a): a is JwtAlgorithm => (ALGORITHMS as readonly string[]).includes(a));
  if (unknown.length > 0 || algorithms.length === 0) {
    problems.push(`AUTH_JWT_ALGORITHM must be one of ${ALGORITHMS.join(', ')} (got "${env.AUTH_JWT_ALGORITHM ?? ''}")`);
    algorithms = algorithms.length > 0 ? algorithms : [jwksUrl ? 'RS256' : 'HS256'];
  }
  algorithms = [...new Set(algorithms)];
  const algorithm = algorithms[0] ?? 'HS256';

  if (jwksUrl) {
    if (algorithms.includes('HS256')) problems.push('AUTH_JWT_ALGORITHM with AUTH_JWT_JWKS_URL may list RS256, ES256 and EdDSA only');
    if (publicKey) problems.push('AUTH_JWT_PUBLIC_KEY and AUTH_JWT_JWKS_URL exclude each other; set one');
    try {
      const url = new URL(jwksUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`AUTH_JWT_JWKS_URL must use https (got ${url.protocol})`);
      else if (url.protocol === 'http:' && production && !isLoopback(url.hostname)) problems.push('AUTH_JWT_JWKS_URL must use https on a server (http only for this machine)');
    } catch {
      problems.push('AUTH_JWT_JWKS_URL is not a valid URL');
    }
  } else if (algorithms.length > 1) {
    problems.push('AUTH_JWT_ALGORITHM may list several algorithms only with AUTH_JWT_JWKS_URL');
  } else if (algorithm === 'HS256') {
    if (secret && Buffer.byteLength(secret) < 32) problems.push('AUTH_JWT_SECRET must be at least 32 bytes long');
    if (!secret && production) missingSecrets.push('AUTH_JWT_SECRET');
  } else if (!publicKey) {
    problems.push(`AUTH_JWT_PUBLIC_KEY must hold a PEM public key (or set AUTH_JWT_JWKS_URL) when AUTH_JWT_ALGORITHM=${algorithm}`);
  } else {
    const problem = publicKeyProblem(publicKey, algorithm);
    if (problem) problems.push(`AUTH_JWT_PUBLIC_KEY ${problem}`);
  }

  // The "iss" and "aud" every token must carry on a server.
  if (production && !issuer) missingSecrets.push('AUTH_JWT_ISSUER');
  if (production && !audience) missingSecrets.push('AUTH_JWT_AUDIENCE');

  const rawMaxTtl = env.AUTH_JWT_MAX_TTL || undefined;
  let maxTtlSeconds = DEFAULT_MAX_TTL_SECONDS;
  if (rawMaxTtl !== undefined) {
    const parsed = parseTtlSeconds(rawMaxTtl);
    if (parsed === undefined || parsed < MAX_TTL_RANGE.min || parsed > MAX_TTL_RANGE.max) {
      problems.push(`AUTH_JWT_MAX_TTL must be a lifetime between 1m and 30d, such as 43200, 30m or 12h (got "${rawMaxTtl}")`);
    } else {
      maxTtlSeconds = parsed;
    }
  }

  return {
    algorithm,
    algorithms,
    secret,
    publicKey,
    ...(jwksUrl ? { jwksUrl } : {}),
    issuer,
    audience,
    maxTtlSeconds,
  };
}
