import { isAuthority, isRole, type Role } from '@app/domain';
import type { SignedInUser } from './domain/user';

/** A bearer token and what the console reads from its claims (the server verifies it). */
export interface Session {
  readonly token: string;
  readonly user: SignedInUser;
  /** Expiry in Unix seconds. */
  readonly exp: number;
}

const STORAGE_KEY = 'console.token';

function base64UrlDecode(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * The claims of a JWT, read without verifying (the console only uses them to show the name and
 * choose buttons; every request is checked by the server). Undefined for anything that is not a
 * token with a subject, roles and an expiry.
 *
 * @example
 * readToken(token)?.user.roles; // ['officer']
 */
export function readToken(token: string): Session | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    const { sub, roles, name, areas, authority, exp } = claims;
    if (typeof sub !== 'string' || typeof exp !== 'number' || !Array.isArray(roles)) return undefined;
    const known = roles.filter((r): r is Role => typeof r === 'string' && isRole(r));
    if (known.length === 0) return undefined;
    return {
      token: token.trim(),
      exp,
      user: {
        sub,
        roles: known,
        ...(typeof name === 'string' ? { name } : {}),
        ...(Array.isArray(areas) ? { areas: areas.filter((a): a is string => typeof a === 'string') } : {}),
        ...(isAuthority(authority) ? { authority } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

/** The session kept in this browser, if any. */
export function loadSession(): Session | undefined {
  try {
    const token = localStorage.getItem(STORAGE_KEY);
    return token ? readToken(token) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  try {
    if (session) localStorage.setItem(STORAGE_KEY, session.token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage may be refused (private window); the session then lasts as long as the page.
  }
}
