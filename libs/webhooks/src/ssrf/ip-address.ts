/**
 * IP address parsing, CIDR matching and classification for the SSRF guard. Addresses are
 * held as bigints (32 or 128 bits) so that IPv4 and IPv6 share one prefix-matching routine.
 */
import { isIP } from 'node:net';

/**
 * Why an address is or is not a permitted webhook target. Only `public` is reachable
 * without an allow-list entry.
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'metadata'
  | 'benchmarking'
  | 'documentation'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface IpAddress {
  readonly version: 4 | 6;
  /** The address as an unsigned 32-bit (IPv4) or 128-bit (IPv6) integer. */
  readonly value: bigint;
}

export interface IpNetwork {
  readonly version: 4 | 6;
  /** Network address with host bits cleared. */
  readonly network: bigint;
  readonly prefixLength: number;
}

const BITS: Readonly<Record<4 | 6, number>> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint {
  return text
    .split('.')
    .reduce((acc, octet) => (acc << 8n) | BigInt(Number.parseInt(octet, 10)), 0n);
}

function parseIpv6(text: string): bigint {
  const groups = (part: string): number[] => {
    if (part.length === 0) return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        // Dotted IPv4 tail (e.g. ::ffff:127.0.0.1) fills the last two 16-bit groups.
        const v4 = Number(parseIpv4(piece));
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const [head = '', tail] = text.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right].reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/**
 * Parses a canonical IPv4 or IPv6 literal (brackets and an IPv6 zone id are tolerated).
 * Returns `undefined` for anything else, including the numeric shorthands (`2130706433`,
 * `0177.0.0.1`), which WHATWG URL parsing normalises before they reach us.
 *
 * @example
 * parseIpAddress('[::1]'); // { version: 6, value: 1n }
 * parseIpAddress('example.com'); // undefined
 */
export function parseIpAddress(input: string): IpAddress | undefined {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  // Zone ids only scope link-local addresses to an interface; they do not change the class.
  if (zone >= 0 && isIP(text) === 6) text = text.slice(0, zone);
  switch (isIP(text)) {
    case 4:
      return { version: 4, value: parseIpv4(text) };
    case 6:
      return { version: 6, value: parseIpv6(text) };
    default:
      return undefined;
  }
}

function mask(version: 4 | 6, prefixLength: number): bigint {
  const bits = BigInt(BITS[version]);
  const all = (1n << bits) - 1n;
  return (all >> BigInt(prefixLength)) ^ all;
}

/**
 * Parses `addr/prefix` (or a bare address as a single-host network). Host bits are cleared,
 * so `10.1.2.3/8` means `10.0.0.0/8`.
 *
 * @example
 * parseIpNetwork('10.0.0.0/8'); // { version: 4, network: 167772160n, prefixLength: 8 }
 */
export function parseIpNetwork(input: string): IpNetwork | undefined {
  const slash = input.indexOf('/');
  const address = parseIpAddress(slash < 0 ? input : input.slice(0, slash));
  if (address === undefined) return undefined;
  let prefixLength = BITS[address.version];
  if (slash >= 0) {
    const prefixText = input.slice(slash + 1).trim();
    if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > BITS[address.version]) return undefined;
  }
  return {
    version: address.version,
    network: address.value & mask(address.version, prefixLength),
    prefixLength,
  };
}

/**
 * True when `address` lies inside `network` (same IP version only).
 *
 * @example
 * networkContains(parseIpNetwork('10.0.0.0/8'), parseIpAddress('10.1.2.3')); // true
 */
export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  return (
    network.version === address.version &&
    (address.value & mask(address.version, network.prefixLength)) === network.network
  );
}

const IPV4_MAPPED = network('::ffff:0:0/96');
const NAT64_WELL_KNOWN = network('64:ff9b::/96');
const SIX_TO_FOUR = network('2002::/16');

/**
 * An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is the IPv4 host on a dual-stack socket,
 * so it is classified and allow-listed as that IPv4 address.
 *
 * @example
 * unmapIpv4(parseIpAddress('::ffff:10.0.0.1')); // { version: 4, value: 167772161n }
 */
export function unmapIpv4(address: IpAddress): IpAddress {
  return networkContains(IPV4_MAPPED, address)
    ? { version: 4, value: address.value & 0xffffffffn }
    : address;
}

function network(cidr: string): IpNetwork {
  const parsed = parseIpNetwork(cidr);
  if (parsed === undefined) throw new Error(`Invalid built-in network ${cidr}`);
  return parsed;
}

type Rule = readonly [IpNetwork, AddressClass];

function rules(entries: ReadonlyArray<readonly [string, AddressClass]>): readonly Rule[] {
  return entries.map(([cidr, addressClass]) => [network(cidr), addressClass] as const);
}

// First match wins, so the narrow entries (metadata endpoints) precede their ranges.
const IPV4_RULES = rules([
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OpenStack, Oracle
  ['169.254.170.2/32', 'metadata'], // AWS ECS task metadata
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['192.0.0.192/32', 'metadata'], // Oracle Cloud (legacy)
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'], // RFC 6598 carrier-grade NAT
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6_RULES = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'metadata'], // AWS IMDS over IPv6
  ['::/96', 'reserved'], // deprecated IPv4-compatible form (::127.0.0.1)
  ['64:ff9b:1::/48', 'private'], // RFC 8215 local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001:2::/48', 'benchmarking'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, incl. Teredo 2001::/32
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'private'], // unique local
  ['fec0::/10', 'private'], // deprecated site-local
  ['fe80::/10', 'link_local'],
  ['ff00::/8', 'multicast'],
]);

const GLOBAL_UNICAST = network('2000::/3');

function classify(address: IpAddress): AddressClass {
  if (address.version === 4) {
    return IPV4_RULES.find(([net]) => networkContains(net, address))?.[1] ?? 'public';
  }
  // Prefixes that embed an IPv4 destination are judged by that destination, otherwise
  // [::ffff:127.0.0.1] or a NAT64 gateway would be a way around the IPv4 rules.
  if (networkContains(IPV4_MAPPED, address) || networkContains(NAT64_WELL_KNOWN, address)) {
    return classify({ version: 4, value: address.value & 0xffffffffn });
  }
  if (networkContains(SIX_TO_FOUR, address)) {
    return classify({ version: 4, value: (address.value >> 80n) & 0xffffffffn });
  }
  const special = IPV6_RULES.find(([net]) => networkContains(net, address))?.[1];
  if (special !== undefined) return special;
  // Outside 2000::/3 nothing is assigned as global unicast today.
  return networkContains(GLOBAL_UNICAST, address) ? 'public' : 'reserved';
}

/**
 * Classifies an IP literal for the SSRF guard.
 *
 * @throws TypeError when the input is not an IPv4 or IPv6 literal.
 * @example
 * classifyAddress('169.254.169.254'); // 'metadata'
 * classifyAddress('::ffff:127.0.0.1'); // 'loopback'
 * classifyAddress('93.184.215.14'); // 'public'
 */
export function classifyAddress(ip: string): AddressClass {
  const address = parseIpAddress(ip);
  if (address === undefined) throw new TypeError(`Not an IP address: ${JSON.stringify(ip)}`);
  return classify(address);
}
