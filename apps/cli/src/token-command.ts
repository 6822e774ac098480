import { type EngineConfig, parseTtlSeconds } from '@app/config';
import { AUTHORITY_LEVELS, isAuthority, isRole, Role, ROLES } from '@app/domain';
import { signToken } from '@app/runtime';

/** A refusal of the command line, shown to the operator as is. */
export class UsageError extends Error {}

/**
 * The `token` command: a signed development token (HS256 with the configured or generated
 * secret) whose issuer and audience default to the configuration's, so the engine accepts it
 * where they are required, and whose lifetime stays within `AUTH_JWT_MAX_TTL`.
 *
 * @example
 * mintDevelopmentToken(config, options); // 'eyJhbGciOiJIUzI1NiIs…'
 */
export function mintDevelopmentToken(config: EngineConfig, options: ReadonlyMap<string, readonly string[]>): string {
  const option = (name: string): string | undefined => options.get(name)?.at(-1);
  if (config.production) throw new UsageError('Tokens are minted by your identity provider in production; this command is for development.');
  if (config.auth.algorithm !== 'HS256' || !config.auth.secret) throw new UsageError('token needs HS256 with AUTH_JWT_SECRET (or the generated development secret).');
  const roles = (options.get('role') ?? []).flatMap((r) => r.split(',')).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new UsageError(`--role must name roles among ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  const sub = option('sub');
  if (!sub) throw new UsageError('--sub <user id> is required');
  const ttl = parseTtlSeconds(option('ttl') ?? '12h');
  if (!ttl) throw new UsageError('--ttl must be a duration such as 3600, 30m, 12h or 7d');
  if (ttl > config.auth.maxTtlSeconds) throw new UsageError(`--ttl may be at most AUTH_JWT_MAX_TTL (${config.auth.maxTtlSeconds} s); the engine refuses longer-lived tokens`);
  const areas = option('areas')?.split(',').filter(Boolean);
  const name = option('name');
  const authority = option('authority');
  if (authority !== undefined && !isAuthority(authority)) {
    throw new UsageError(`--authority must be one of ${AUTHORITY_LEVELS.join(', ')}`);
  }
  const registered = { issuer: option('iss') ?? config.auth.issuer, audience: option('aud') ?? config.auth.audience };
  return signToken(config.auth.secret, { sub, roles: roles as Role[], ...(name ? { name } : {}), ...(areas ? { areas } : {}), ...(authority ? { authority } : {}) }, ttl, registered);
}
