/**
 * `WEBHOOK_ALLOWED_HOSTS`: the operator's exemptions from the SSRF block, for on-premise
 * finance systems that live on private addresses.
 */
import { networkContains, parseIpAddress, parseIpNetwork, unmapIpv4, type IpNetwork } from './ip-address';

// RFC 1123 labels; `_` is tolerated because internal DNS zones use it.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Normalises a host name for comparison: lower case, brackets and one trailing dot removed,
 * so `Finance.Example.` and `finance.example` are the same host.
 *
 * @example
 * normalizeHostname('Finance.Example.'); // 'finance.example'
 */
export function normalizeHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** Parsed allow list; immutable. */
export class WebhookAllowList {
  static readonly EMPTY = new WebhookAllowList([], []);

  private readonly hosts: ReadonlySet<string>;

  constructor(
    hosts: readonly string[],
    private readonly networks: readonly IpNetwork[],
  ) {
    this.hosts = new Set(hosts.map(normalizeHostname));
  }

  get isEmpty(): boolean {
    return this.hosts.size === 0 && this.networks.length === 0;
  }

  /**
   * Exact host-name match (no wildcards, no implicit subdomains).
   *
   * @example
   * parseAllowList('erp.corp.local').allowsHost('ERP.corp.local.'); // true
   */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(normalizeHostname(hostname));
  }

  /**
   * Whether an IP literal falls in a listed address or CIDR; IPv4-mapped IPv6 addresses
   * match their IPv4 entries.
   *
   * @example
   * parseAllowList('10.20.0.0/16').allowsAddress('::ffff:10.20.1.5'); // true
   */
  allowsAddress(ip: string): boolean {
    const parsed = parseIpAddress(ip);
    if (parsed === undefined) return false;
    const address = unmapIpv4(parsed);
    return this.networks.some((network) => networkContains(network, address));
  }
}

/**
 * Parses `WEBHOOK_ALLOWED_HOSTS`: comma-separated host names, IPv4/IPv6 addresses
 * (IPv6 optionally in brackets) and CIDRs. Empty or unset means no exemptions.
 *
 * @throws RangeError naming the first malformed entry, so a typo fails at start-up rather
 *   than silently leaving an on-premise endpoint blocked.
 * @example
 * const allow = parseAllowList('erp.corp.local, 10.20.0.0/16, [fd12::1]');
 * allow.allowsAddress('10.20.3.4'); // true
 */
export function parseAllowList(value: string | undefined): WebhookAllowList {
  const hosts: string[] = [];
  const networks: IpNetwork[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (entry.length === 0) continue;
    const unbracketed = entry.replace(/^\[([^\]]*)\](\/[0-9]+)?$/, '$1$2');
    const network = parseIpNetwork(unbracketed);
    if (network !== undefined) {
      networks.push(network);
      continue;
    }
    const host = normalizeHostname(entry);
    // A numeric last label would be read as an IPv4 shorthand by URL parsers (`10.1`).
    const numeric = /(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$/.test(host);
    if (entry.includes('/') || numeric || !HOST_NAME.test(host)) {
      throw new RangeError(
        `WEBHOOK_ALLOWED_HOSTS: ${JSON.stringify(entry)} is not a host name, IP address or CIDR`,
      );
    }
    hosts.push(host);
  }
  return hosts.length === 0 && networks.length === 0
    ? WebhookAllowList.EMPTY
    : new WebhookAllowList(hosts, networks);
}
