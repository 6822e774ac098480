import { createHmac, createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthConfig, ConfigError } from '@app/config';
import { Actor, Authority, isAuthority, isRole, Role } from '@app/domain';

/** The caller, as a verified token says. */
export interface Principal extends Actor {
  readonly name?: string;
  readonly token: { readonly exp: number };
}

/**
 * Why a token was refused. The message says why (for debug logs); it is never shown to the
 * caller, who learns only that the token was not accepted.
 */
export class InvalidTokenError extends Error {}

/** The identity provider's key set could not be fetched (and none was fetched before). */
export class TokenKeysUnavailableError extends Error {}

/**
 * Clock skew allowed on `nbf` and `iat`, in seconds (a constant, docs/operations.md): a token
 * from an issuer whose clock runs ahead is not refused as "not yet valid". `exp` gets none: a
 * token is refused from the second it expires.
 */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

/** Verifies one bearer token; rejects with {@link InvalidTokenError} or {@link TokenKeysUnavailableError}. */
export type VerifyToken = (token: string) => Promise<Principal>;

export interface TokenVerifierOptions {
  /** Verified tokens kept in memory until they expire (least recently used dropped first). */
  readonly cacheSize?: number;
  /** A JWKS is refetched at most this often for an unknown `kid`, and after a failed fetch. */
  readonly jwksCooldownMs?: number;
  /** A fetched JWKS is refreshed after this long. */
  readonly jwksMaxAgeMs?: number;
  /** How long one JWKS fetch may take. */
  readonly jwksTimeoutMs?: number;
}

const DEFAULTS = { cacheSize: 2048, jwksCooldownMs: 30_000, jwksMaxAgeMs: 10 * 60_000, jwksTimeoutMs: 5_000 } as const;

/**
 * The verification key of the configuration, imported once; a key that cannot be imported is a
 * {@link ConfigError} naming its variable.
 */
function verificationKey(auth: AuthConfig, options: Required<TokenVerifierOptions>): KeyObject | JWTVerifyGetKey {
  if (auth.jwksUrl) {
    let url: URL;
    try {
      url = new URL(auth.jwksUrl);
    } catch {
      throw new ConfigError(['AUTH_JWT_JWKS_URL is not a valid URL']);
    }
    return resilientKeySet(url, options);
  }
  if (auth.algorithm === 'HS256') {
    if (!auth.secret) throw new ConfigError(['AUTH_JWT_SECRET is required to verify HS256 tokens']);
    return createSecretKey(Buffer.from(auth.secret, 'utf8'));
  }
  if (!auth.publicKey) throw new ConfigError([`AUTH_JWT_PUBLIC_KEY is required to verify ${auth.algorithm} tokens`]);
  try {
    return createPublicKey({ key: auth.publicKey, format: 'pem' });
  } catch {
    throw new ConfigError(['AUTH_JWT_PUBLIC_KEY is not a readable PEM public key']);
  }
}

/** An error of fetching the key set, as opposed to a token that matches no key in it. */
function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === errors.JOSEError.code;
}

/**
 * jose's remote key set (refreshed after `jwksMaxAgeMs`; an unknown `kid` refetches it at most
 * once per `jwksCooldownMs`), kept usable while the provider is down: the last fetched set
 * still verifies, and a failed fetch is retried only after the cooldown.
 */
function resilientKeySet(url: URL, options: Required<TokenVerifierOptions>): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, {
    cooldownDuration: options.jwksCooldownMs,
    cacheMaxAge: options.jwksMaxAgeMs,
    timeoutDuration: options.jwksTimeoutMs,
  });
  let failedAt = Number.NEGATIVE_INFINITY;
  let fallback: { jwks: object; keys: JWTVerifyGetKey } | undefined;
  const lastKnown = (): JWTVerifyGetKey | undefined => {
    const jwks = remote.jwks();
    if (!jwks) return undefined;
    if (fallback?.jwks !== jwks) fallback = { jwks, keys: createLocalJWKSet(jwks) };
    return fallback.keys;
  };
  return async (header, token) => {
    const known = lastKnown();
    if (known && Date.now() - failedAt < options.jwksCooldownMs) return known(header, token);
    try {
      return await remote(header, token);
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      failedAt = Date.now();
      if (known) return known(header, token);
      throw new TokenKeysUnavailableError(`The key set at ${url.origin}${url.pathname} cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** The engine's claims from a payload whose signature and times jose has checked. */
function principalOf(payload: JWTPayload, auth: AuthConfig): Principal {
  const now = Math.floor(Date.now() / 1000);
  const { sub, roles, areas, authority, name, exp, iat } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('The token has no subject');
  if (typeof exp !== 'number') throw new InvalidTokenError('The token has no expiry');
  if (exp <= now) throw new InvalidTokenError('The token has expired');
  if (typeof iat === 'number') {
    if (iat > now + TOKEN_CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('The token was issued in the future');
    if (exp - iat > auth.maxTtlSeconds) throw new InvalidTokenError(`The token lives ${exp - iat} s, longer than AUTH_JWT_MAX_TTL`);
  } else if (exp - now > auth.maxTtlSeconds + TOKEN_CLOCK_TOLERANCE_SECONDS) {
    throw new InvalidTokenError('The token has no iat and expires later than AUTH_JWT_MAX_TTL from now');
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && isRole(r))) {
    throw new InvalidTokenError('The token roles are missing or unknown');
  }
  if (areas !== undefined && (!Array.isArray(areas) || !areas.every((a) => typeof a === 'string'))) {
    throw new InvalidTokenError('The token areas must be a list of codes');
  }
  if (authority !== undefined && !isAuthority(authority)) {
    throw new InvalidTokenError('The token authority must be department, people_committee or ministry');
  }
  return {
    id: sub,
    roles: roles as Role[],
    ...(areas !== undefined ? { areas: areas as string[] } : {}),
    ...(authority !== undefined ? { authority } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    token: { exp },
  };
}

/**
 * Builds the bearer token verifier of API.md "Identity": HS256 with `AUTH_JWT_SECRET`, RS256,
 * ES256 or EdDSA (Ed25519) with `AUTH_JWT_PUBLIC_KEY`, or an OpenID Connect provider's
 * `AUTH_JWT_JWKS_URL`. The algorithms are pinned by the configuration (never `none`, no
 * switching); `exp` and `sub` are required; `exp` is checked to the second, `nbf` and `iat`
 * with {@link TOKEN_CLOCK_TOLERANCE_SECONDS}; issuer and audience when configured; the lifetime
 * against `AUTH_JWT_MAX_TTL`; and the claims must have the documented shapes. Keys are imported
 * here, once. Verified tokens are remembered (by their exact text) until they expire.
 *
 * @example
 * const verify = createTokenVerifier(config.auth);
 * const principal = await verify(token);
 */
export function createTokenVerifier(auth: AuthConfig, options: TokenVerifierOptions = {}): VerifyToken {
  const settings: Required<TokenVerifierOptions> = { ...DEFAULTS, ...options };
  const key = verificationKey(auth, settings);
  const verified = new Map<string, Principal>();
  const verifyOptions = {
    algorithms: [...auth.algorithms],
    clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };

  const remember = (token: string, principal: Principal): void => {
    if (settings.cacheSize <= 0) return;
    verified.set(token, principal);
    if (verified.size > settings.cacheSize) verified.delete(verified.keys().next().value as string);
  };

  return async (token) => {
    const cached = verified.get(token);
    if (cached) {
      verified.delete(token);
      if (cached.token.exp * 1000 > Date.now()) {
        verified.set(token, cached);
        return cached;
      }
    }
    let payload: JWTPayload;
    try {
      // Two calls so each gets jose's overload for its key kind.
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions));
    } catch (error) {
      if (error instanceof TokenKeysUnavailableError) throw error;
      const reason = error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      throw new InvalidTokenError(reason);
    }
    const principal = principalOf(payload, auth);
    remember(token, principal);
    return principal;
  };
}

/**
 * Signs an HS256 token (the CLI's `token` command, the development sign-in, tests) with `iat`
 * and `exp`, and `iss`/`aud` when given.
 *
 * @example
 * signToken(secret, { sub: 'u1', roles: ['officer'], areas: ['80'] }, 3600);
 */
export function signToken(
  secret: string,
  claims: { sub: string; roles: readonly Role[]; name?: string; areas?: readonly string[]; authority?: Authority },
  expiresInSeconds: number,
  registered: { issuer?: string; audience?: string } = {},
): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = {
    roles: claims.roles,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.areas ? { areas: claims.areas } : {}),
    ...(claims.authority ? { authority: claims.authority } : {}),
    sub: claims.sub,
    ...(registered.issuer ? { iss: registered.issuer } : {}),
    ...(registered.audience ? { aud: registered.audience } : {}),
    iat,
    exp: iat + expiresInSeconds,
  };
  const encode = (part: object): string => Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
