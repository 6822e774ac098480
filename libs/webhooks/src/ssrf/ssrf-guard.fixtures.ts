import type { LookupAddress } from 'node:dns';
import type { WebhookResolver } from './ssrf-guard';

// Addresses and a fake DNS shared by the SSRF guard's specs.

/** A public IPv4 address. */
export const PUBLIC_V4: LookupAddress = { address: '93.184.215.14', family: 4 };
/** A public IPv6 address. */
export const PUBLIC_V6: LookupAddress = { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 };
/** The IPv4 loopback. */
export const LOOPBACK_V4: LookupAddress = { address: '127.0.0.1', family: 4 };

/**
 * A fake DNS: a fixed table, and a record of which names were asked.
 *
 * @example
 * const dns = fakeDns({ 'hooks.example.vn': [PUBLIC_V4] });
 */
export function fakeDns(table: Record<string, readonly LookupAddress[]>): WebhookResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<readonly LookupAddress[]> => {
    asked.push(hostname);
    const answer = table[hostname];
    if (answer === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return answer;
  };
  return Object.assign(resolve, { asked });
}
