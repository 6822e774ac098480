import { createHmac } from 'node:crypto';

const encode = (part: object): string => Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');

/** Seconds since the epoch, as token times count. */
export function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * An HS256 token over any payload, unchecked: expired, unknown roles, a guessed secret…
 *
 * @example
 * hs256Token({ sub: 'u1', roles: ['officer'], exp: epochSeconds() - 10 }, TEST_JWT_SECRET);
 */
export function hs256Token(payload: object, secret: string): string {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * A token that claims no signature is needed (`alg: none`).
 *
 * @example
 * unsignedToken({ sub: 'u1', roles: ['admin'], exp: epochSeconds() + 60 });
 */
export function unsignedToken(payload: object): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}
