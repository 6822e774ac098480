import { WebhookAllowList, normalizeHostname, parseAllowList } from './allow-list';

describe('parseAllowList', () => {
  it.each([undefined, '', ' , ,'])('treats %j as no exemptions', (value) => {
    const allow = parseAllowList(value);
    expect(allow.isEmpty).toBe(true);
    expect(allow).toBe(WebhookAllowList.EMPTY);
    expect(allow.allowsAddress('10.0.0.1')).toBe(false);
    expect(allow.allowsHost('localhost')).toBe(false);
  });

  it('parses host names, addresses and CIDRs of both families', () => {
    const allow = parseAllowList(
      ' ERP.Corp.Local. ,10.20.0.0/16, 192.168.1.5, [fd12::1], fd00:abcd::/32, [fe80::]/10,finance_gw.lan',
    );
    expect(allow.isEmpty).toBe(false);
    expect(allow.allowsHost('erp.corp.local')).toBe(true);
    expect(allow.allowsHost('ERP.CORP.LOCAL.')).toBe(true);
    expect(allow.allowsHost('finance_gw.lan')).toBe(true);
    expect(allow.allowsHost('other.corp.local')).toBe(false);
    // Names are exact: no implicit subdomains.
    expect(allow.allowsHost('x.erp.corp.local')).toBe(false);

    expect(allow.allowsAddress('10.20.255.1')).toBe(true);
    expect(allow.allowsAddress('10.21.0.1')).toBe(false);
    expect(allow.allowsAddress('192.168.1.5')).toBe(true);
    expect(allow.allowsAddress('192.168.1.6')).toBe(false);
    expect(allow.allowsAddress('fd12::1')).toBe(true);
    expect(allow.allowsAddress('[fd12::1]')).toBe(true);
    expect(allow.allowsAddress('fd00:abcd:1::9')).toBe(true);
    expect(allow.allowsAddress('fe80::1234')).toBe(true);
    expect(allow.allowsAddress('not-an-ip')).toBe(false);
  });

  it('matches IPv4-mapped IPv6 addresses against IPv4 entries', () => {
    const allow = parseAllowList('127.0.0.1');
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.2')).toBe(false);
  });

  it.each(['http://erp.local', 'erp.local:8443', '10.0.0.0/33', 'host/24', '*.corp.local', 'bad host', '10.1', '-x.local', 'a..b'])(
    'refuses the malformed entry %j and names it',
    (entry) => {
      expect(() => parseAllowList(`ok.local,${entry}`)).toThrow(RangeError);
      expect(() => parseAllowList(`ok.local,${entry}`)).toThrow(JSON.stringify(entry));
    },
  );
});

describe('normalizeHostname', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['[::1]', '::1'],
    ['localhost.', 'localhost'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHostname(input)).toBe(expected);
  });
});
