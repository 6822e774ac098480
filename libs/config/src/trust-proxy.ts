import { isIP } from 'node:net';

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Parses `TRUST_PROXY` into Express's `trust proxy` setting: which proxies' `X-Forwarded-For`
 * names the client. `off`, a number of proxy hops, or a comma-separated list of proxy addresses,
 * CIDRs and the names `loopback`, `linklocal`, `uniquelocal`; unset means `loopback` (a reverse
 * proxy on the same host). Trusting every proxy (`true`) is refused: any client could then name
 * its own address and slip past the per-address rate limits.
 *
 * @example
 * parseTrustProxy('loopback, 10.0.0.0/8'); // { value: 'loopback,10.0.0.0/8' }
 * parseTrustProxy('true');                 // { problem: 'TRUST_PROXY must be …' }
 */
export function parseTrustProxy(raw: string | undefined): { value: number | string | false } | { problem: string } {
  const value = raw?.trim();
  if (value === undefined || value === '') return { value: 'loopback' };
  if (value === 'off') return { value: false };
  if (/^\d{1,2}$/.test(value)) return { value: Number(value) };
  const entries = value.split(',').map((entry) => entry.trim());
  if (!entries.every(isProxyEntry)) {
    return {
      problem: `TRUST_PROXY must be off, a number of hops, or proxy addresses, CIDRs and loopback/linklocal/uniquelocal separated by commas (got "${value}")`,
    };
  }
  return { value: entries.join(',') };
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}
