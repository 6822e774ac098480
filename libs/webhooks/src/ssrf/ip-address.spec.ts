import {
  classifyAddress,
  networkContains,
  parseIpAddress,
  parseIpNetwork,
  unmapIpv4,
  type AddressClass,
} from './ip-address';

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    // IPv4
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['100.100.100.200', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.0.192', 'metadata'],
    ['192.0.2.10', 'documentation'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.1', 'public'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['2001:2::1', 'benchmarking'],
    ['100::1', 'reserved'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2::253', 'private'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:81c::200e', 'public'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it.each(['localhost', '2130706433', '0177.0.0.1', '0x7f000001', '127.1', '', '1.2.3.4.5', ':::1'])(
    'refuses the non-literal %j',
    (input) => {
      expect(() => classifyAddress(input)).toThrow(TypeError);
    },
  );
});

describe('IP networks', () => {
  it('parses CIDRs and clears host bits', () => {
    expect(parseIpNetwork('10.1.2.3/8')).toEqual({ version: 4, network: 0x0a000000n, prefixLength: 8 });
    expect(parseIpNetwork('fd00::/8')?.prefixLength).toBe(8);
    expect(parseIpNetwork('1.2.3.4')?.prefixLength).toBe(32);
    expect(parseIpNetwork('::1')?.prefixLength).toBe(128);
    expect(parseIpNetwork('0.0.0.0/0')?.network).toBe(0n);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/a', 'host/8', '10.0.0.0/-1'])(
    'refuses %s',
    (input) => {
      expect(parseIpNetwork(input)).toBeUndefined();
    },
  );

  it('matches within the prefix and the same version only', () => {
    const net = parseIpNetwork('192.168.0.0/16');
    const inside = parseIpAddress('192.168.200.1');
    const outside = parseIpAddress('192.169.0.1');
    const v6 = parseIpAddress('::c0a8:1');
    if (net === undefined || inside === undefined || outside === undefined || v6 === undefined) {
      throw new Error('fixture did not parse');
    }
    expect(networkContains(net, inside)).toBe(true);
    expect(networkContains(net, outside)).toBe(false);
    expect(networkContains(net, v6)).toBe(false);
  });

  it('unmaps IPv4-mapped IPv6 addresses only', () => {
    const mapped = parseIpAddress('::ffff:10.0.0.1');
    const plain = parseIpAddress('fd00::1');
    if (mapped === undefined || plain === undefined) throw new Error('fixture did not parse');
    expect(unmapIpv4(mapped)).toEqual({ version: 4, value: 0x0a000001n });
    expect(unmapIpv4(plain)).toBe(plain);
  });
});
