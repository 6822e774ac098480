/**
 * SSRF guard for user-configured webhook URLs (RELIABILITY.md A1, OWASP API7).
 *
 * Two layers, both needed:
 * - {@link checkWebhookUrl} when an endpoint is registered or a delivery is about to start:
 *   scheme, credentials, numeric host tricks and every resolved address;
 * - {@link guardedLookup} as the `lookup` of the outgoing request, so the address actually
 *   connected to is checked again (a DNS answer can change between the two: DNS rebinding).
 *
 * Node's `net.connect` does not call `lookup` for an IP-literal host, so IP literals are only
 * caught by {@link checkWebhookUrl}: run it before every delivery, not only at registration.
 */
import { promises as dnsPromises, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { WebhookAllowList, normalizeHostname } from './allow-list';
import { classifyAddress, parseIpAddress, type AddressClass } from './ip-address';

/** Resolves a host name to all of its addresses (injected in tests). */
export type WebhookResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The production resolver: the system resolver (`/etc/hosts` included), all addresses. */
export const systemResolver: WebhookResolver = (hostname) =>
  dnsPromises.lookup(hostname, { all: true, verbatim: true });

export type SsrfBlockReason =
  | Exclude<AddressClass, 'public'>
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'credentials_in_url'
  | 'unresolvable';

const CLASS_LABELS: Readonly<Record<Exclude<AddressClass, 'public'>, string>> = {
  unspecified: 'an unspecified',
  loopback: 'a loopback',
  private: 'a private',
  shared: 'a shared (carrier-grade NAT)',
  link_local: 'a link-local',
  metadata: 'a cloud metadata',
  benchmarking: 'a benchmarking',
  documentation: 'a documentation',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
  reserved: 'a reserved',
};

/**
 * Raised (or passed to the lookup callback) when a webhook target is refused. `reason` is
 * stable; the message names the host and address but never the full URL, whose path or
 * query may carry a token.
 */
export class SsrfBlockedError extends Error {
  override readonly name = 'SsrfBlockedError';
  /** Lets `http.request` error handlers tell a block from a network failure. */
  readonly code = 'ERR_WEBHOOK_SSRF_BLOCKED';

  constructor(
    readonly reason: SsrfBlockReason,
    message: string,
    readonly hostname?: string,
    readonly address?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface CheckWebhookUrlOptions {
  readonly allow?: WebhookAllowList;
  readonly resolve?: WebhookResolver;
}

export interface CheckedWebhookUrl {
  /** The URL as parsed (numeric host shorthands already normalised). */
  readonly url: URL;
  /** Normalised host: lower case, no brackets, no trailing dot. */
  readonly hostname: string;
  /** Every address the host resolved to, all permitted. */
  readonly addresses: readonly LookupAddress[];
}

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:']);

// A name in the allow list vouches for what the operator's DNS says about it, but not for
// addresses no webhook should ever reach; only an explicit address or CIDR entry can.
const NEVER_ALLOWED_BY_NAME: ReadonlySet<AddressClass> = new Set(['metadata', 'unspecified']);

// RFC 6761: these names are loopback whatever a resolver answers.
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function assertAddressesAllowed(
  hostname: string,
  addresses: readonly LookupAddress[],
  allow: WebhookAllowList,
): void {
  const hostAllowed = allow.allowsHost(hostname);
  for (const { address } of addresses) {
    if (parseIpAddress(address) === undefined) {
      throw new SsrfBlockedError(
        'unresolvable',
        `Webhook host "${hostname}" resolved to something that is not an IP address`,
        hostname,
      );
    }
    const addressClass = classifyAddress(address);
    if (addressClass === 'public' || allow.allowsAddress(address)) continue;
    if (hostAllowed && !NEVER_ALLOWED_BY_NAME.has(addressClass)) continue;
    const target =
      normalizeHostname(address) === hostname
        ? `Webhook address ${address} is`
        : `Webhook host "${hostname}" resolves to ${address},`;
    throw new SsrfBlockedError(
      addressClass,
      `${target} ${CLASS_LABELS[addressClass]} address; add it to WEBHOOK_ALLOWED_HOSTS to permit it`,
      hostname,
      address,
    );
  }
}

/** Resolves `rawHost` (as the request will see it) unless it is an IP literal. */
async function resolveHost(
  rawHost: string,
  hostname: string,
  allow: WebhookAllowList,
  resolve: WebhookResolver,
): Promise<LookupAddress[]> {
  const literal = parseIpAddress(hostname);
  if (literal !== undefined) return [{ address: hostname, family: literal.version }];
  if (isLocalhostName(hostname) && !allow.allowsHost(hostname)) {
    throw new SsrfBlockedError(
      'loopback',
      `Webhook host "${hostname}" is a loopback name; add it to WEBHOOK_ALLOWED_HOSTS to permit it`,
      hostname,
    );
  }
  return [...(await resolve(rawHost))];
}

/**
 * Validates a webhook URL: `https:`/`http:` only, no credentials, and every address the host
 * resolves to must be public unless the host or the address is in the allow list. Numeric
 * shorthands (`2130706433`, `0177.0.0.1`, `0x7f000001`, `[::ffff:127.0.0.1]`) are normalised
 * by WHATWG URL parsing and then classified like any other address.
 *
 * @returns the parsed URL and the permitted addresses.
 * @throws SsrfBlockedError with a `reason` naming the refused address class or URL defect.
 * @example
 * const allow = parseAllowList(process.env.WEBHOOK_ALLOWED_HOSTS);
 * await checkWebhookUrl('https://erp.example.vn/hooks/grants', { allow });
 * await checkWebhookUrl('http://2130706433/'); // throws SsrfBlockedError, reason 'loopback'
 */
export async function checkWebhookUrl(
  url: string | URL,
  options: CheckWebhookUrlOptions = {},
): Promise<CheckedWebhookUrl> {
  const allow = options.allow ?? WebhookAllowList.EMPTY;
  const resolve = options.resolve ?? systemResolver;

  let parsed: URL;
  try {
    parsed = new URL(typeof url === 'string' ? url : url.href);
  } catch {
    throw new SsrfBlockedError('invalid_url', 'Webhook URL is not a valid absolute URL');
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) {
    throw new SsrfBlockedError(
      'scheme_not_allowed',
      `Webhook URL scheme "${parsed.protocol}" is not allowed; use https: or http:`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new SsrfBlockedError('credentials_in_url', 'Webhook URL must not contain a user name or password');
  }
  const hostname = normalizeHostname(parsed.hostname);
  if (hostname.length === 0) {
    throw new SsrfBlockedError('invalid_url', 'Webhook URL has no host');
  }

  let addresses: LookupAddress[];
  try {
    // Resolve the host as written (a trailing dot means "fully qualified, skip search domains").
    addresses = await resolveHost(parsed.hostname, hostname, allow, resolve);
  } catch (error) {
    if (error instanceof SsrfBlockedError) throw error;
    throw new SsrfBlockedError('unresolvable', `Webhook host "${hostname}" could not be resolved`, hostname, undefined, {
      cause: error,
    });
  }
  if (addresses.length === 0) {
    throw new SsrfBlockedError('unresolvable', `Webhook host "${hostname}" has no addresses`, hostname);
  }
  assertAddressesAllowed(hostname, addresses, allow);
  return { url: parsed, hostname, addresses };
}

function requestedFamily(family: LookupOptions['family']): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
}

export interface GuardedLookupOptions {
  readonly resolve?: WebhookResolver;
}

/**
 * A `dns.lookup`-compatible function for the `lookup` option of `http.request`,
 * `https.request` or `net.connect`. It resolves again at connect time and fails the
 * connection with {@link SsrfBlockedError} if any address is not permitted, which defeats
 * DNS rebinding between {@link checkWebhookUrl} and the connection. Resolver failures are
 * passed through unchanged so that callers can retry them as ordinary network errors.
 *
 * @example
 * const lookup = guardedLookup(parseAllowList(process.env.WEBHOOK_ALLOWED_HOSTS));
 * https.request(checked.url, { method: 'POST', lookup, timeout: 15_000 });
 */
export function guardedLookup(
  allow: WebhookAllowList = WebhookAllowList.EMPTY,
  options: GuardedLookupOptions = {},
): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (rawHost, lookupOptions, callback) => {
    const hostname = normalizeHostname(rawHost);
    const family = requestedFamily(lookupOptions.family);
    resolveHost(rawHost, hostname, allow, resolve)
      .then((resolved) => {
        const addresses = family === 0 ? resolved : resolved.filter((entry) => entry.family === family);
        if (addresses.length === 0) throw notFound(rawHost);
        assertAddressesAllowed(hostname, addresses, allow);
        return addresses;
      })
      .then(
        // Outside the promise chain, so an exception thrown by the callback is not swallowed.
        (addresses) =>
          process.nextTick(() => {
            const [first] = addresses;
            if (lookupOptions.all === true || first === undefined) callback(null, addresses);
            else callback(null, first.address, first.family);
          }),
        (error: NodeJS.ErrnoException) => process.nextTick(() => callback(error, '')),
      );
  };
}
