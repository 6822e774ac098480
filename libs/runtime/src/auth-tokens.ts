import jwt from 'jsonwebtoken';
import type { EngineConfig } from '@app/config';
import { Actor, isRole, Role } from '@app/domain';

/** The caller, as a verified token says. */
export interface Principal extends Actor {
  readonly name?: string;
  readonly token: { readonly exp: number };
}

/** Why a token was refused; the message is safe to show. */
export class InvalidTokenError extends Error {}

/**
 * Verifies a bearer token as API.md "Identity" says: HS256 with `AUTH_JWT_SECRET` by default, or
 * RS256/EdDSA with a public key; the algorithm is pinned (no `alg: none`, no switching), `exp`
 * is required, and the claims must have the documented shapes.
 *
 * @example
 * const principal = verifyToken(config.auth, token);
 */
export function verifyToken(auth: EngineConfig['auth'], token: string): Principal {
  const key = auth.algorithm === 'HS256' ? auth.secret : auth.publicKey;
  if (!key) throw new InvalidTokenError('No verification key is configured');
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, key, {
      algorithms: [auth.algorithm as jwt.Algorithm],
      ...(auth.issuer ? { issuer: auth.issuer } : {}),
      ...(auth.audience ? { audience: auth.audience } : {}),
    });
  } catch (error) {
    throw new InvalidTokenError(error instanceof jwt.TokenExpiredError ? 'The token has expired' : 'The token is not valid');
  }
  if (typeof payload === 'string') throw new InvalidTokenError('The token has no claims');
  const { sub, roles, areas, name, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('The token has no subject');
  if (typeof exp !== 'number') throw new InvalidTokenError('The token has no expiry');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && isRole(r))) {
    throw new InvalidTokenError('The token roles are missing or unknown');
  }
  if (areas !== undefined && (!Array.isArray(areas) || !areas.every((a) => typeof a === 'string'))) {
    throw new InvalidTokenError('The token areas must be a list of codes');
  }
  return {
    id: sub,
    roles: roles as Role[],
    ...(areas !== undefined ? { areas: areas as string[] } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    token: { exp },
  };
}

/**
 * Signs an HS256 token (the CLI's `token` command, the development sign-in, tests).
 *
 * @example
 * signToken(secret, { sub: 'u1', roles: ['officer'], areas: ['80'] }, 3600);
 */
export function signToken(
  secret: string,
  claims: { sub: string; roles: readonly Role[]; name?: string; areas?: readonly string[] },
  expiresInSeconds: number,
): string {
  return jwt.sign({ roles: claims.roles, ...(claims.name ? { name: claims.name } : {}), ...(claims.areas ? { areas: claims.areas } : {}) }, secret, {
    algorithm: 'HS256',
    subject: claims.sub,
    expiresIn: expiresInSeconds,
  });
}
