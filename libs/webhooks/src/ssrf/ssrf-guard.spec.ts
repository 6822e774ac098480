// The SSRF guard's check of a webhook URL: schemes, literal addresses, resolved names, the allow-list.
import { parseAllowList } from './allow-list';
import { checkWebhookUrl, SsrfBlockedError, type SsrfBlockReason } from './ssrf-guard';
import { LOOPBACK_V4, PUBLIC_V4, PUBLIC_V6, fakeDns } from './ssrf-guard.fixtures';

async function blockReason(promise: Promise<unknown>): Promise<SsrfBlockReason | 'allowed'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof SsrfBlockedError) return error.reason;
    throw error;
  }
}

describe('checkWebhookUrl', () => {
  const dns = fakeDns({
    'erp.example.vn': [PUBLIC_V4, PUBLIC_V6],
    'erp.example.vn.': [PUBLIC_V4],
    'internal.example.vn': [{ address: '10.0.0.7', family: 4 }],
    'mixed.example.vn': [PUBLIC_V4, { address: '192.168.1.10', family: 4 }],
    'v6only.example.vn': [{ address: 'fd00::5', family: 6 }],
    'metadata.example.vn': [{ address: '169.254.169.254', family: 4 }],
    'mapped.example.vn': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'empty.example.vn': [],
    'localhost.': [PUBLIC_V4],
    localhost: [PUBLIC_V4],
    'junk.example.vn': [{ address: 'not-an-ip', family: 4 }],
  });

  it('accepts a public https URL and returns every resolved address', async () => {
    const checked = await checkWebhookUrl('https://ERP.example.vn/hooks?token=abc', { resolve: dns });
    expect(checked.hostname).toBe('erp.example.vn');
    expect(checked.url.protocol).toBe('https:');
    expect(checked.addresses).toEqual([PUBLIC_V4, PUBLIC_V6]);
  });

  it('accepts http and URL objects, and public IP literals without DNS', async () => {
    const resolve = fakeDns({});
    const checked = await checkWebhookUrl(new URL('http://93.184.215.14:8080/x'), { resolve });
    expect(checked.addresses).toEqual([PUBLIC_V4]);
    const v6 = await checkWebhookUrl('https://[2606:4700:4700::1111]/', { resolve });
    expect(v6.addresses).toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
    expect(resolve.asked).toEqual([]);
  });

  it('resolves the host as written but compares it without the trailing dot', async () => {
    const resolve = fakeDns({ 'erp.example.vn.': [PUBLIC_V4] });
    const checked = await checkWebhookUrl('https://erp.example.vn./', { resolve });
    expect(resolve.asked).toEqual(['erp.example.vn.']);
    expect(checked.hostname).toBe('erp.example.vn');
  });

  it.each<[string, SsrfBlockReason]>([
    // Schemes and URL defects
    ['ftp://erp.example.vn/', 'scheme_not_allowed'],
    ['file:///etc/passwd', 'scheme_not_allowed'],
    ['gopher://erp.example.vn:70/', 'scheme_not_allowed'],
    ['javascript:alert(1)', 'scheme_not_allowed'],
    ['not a url', 'invalid_url'],
    ['/relative/path', 'invalid_url'],
    ['https://user:pass@erp.example.vn/', 'credentials_in_url'],
    ['https://user@erp.example.vn/', 'credentials_in_url'],
    ['https://:pass@erp.example.vn/', 'credentials_in_url'],
    // Loopback, spelled in every way we know
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LOCALHOST:3000/', 'loopback'],
    ['http://localhost./', 'loopback'],
    ['http://%6c%6fcalhost/', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://mapped.example.vn/', 'loopback'],
    // Other non-public classes
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://[fd12::1]/', 'private'],
    ['http://100.64.1.1/', 'shared'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.example.vn/', 'metadata'],
    ['http://169.254.1.1/', 'link_local'],
    ['http://[fe80::1]/', 'link_local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://198.18.0.1/', 'benchmarking'],
    // Names whose DNS answer is not public
    ['https://internal.example.vn/', 'private'],
    ['https://v6only.example.vn/', 'private'],
    ['https://mixed.example.vn/', 'private'],
    // Names that do not resolve
    ['https://nowhere.example.vn/', 'unresolvable'],
    ['https://empty.example.vn/', 'unresolvable'],
    ['https://junk.example.vn/', 'unresolvable'],
  ])('blocks %s (%s)', async (url, reason) => {
    expect(await blockReason(checkWebhookUrl(url, { resolve: dns }))).toBe(reason);
  });

  it('never asks DNS about localhost names, whatever a resolver would answer', async () => {
    const resolve = fakeDns({ localhost: [PUBLIC_V4], 'a.localhost': [PUBLIC_V4] });
    expect(await blockReason(checkWebhookUrl('http://localhost/', { resolve }))).toBe('loopback');
    expect(await blockReason(checkWebhookUrl('http://a.localhost/', { resolve }))).toBe('loopback');
    expect(resolve.asked).toEqual([]);
  });

  it('names the host, the address and the class, but not the path or query', async () => {
    const error = await checkWebhookUrl('https://internal.example.vn/hook?token=s3cr3t', { resolve: dns }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SsrfBlockedError);
    if (!(error instanceof SsrfBlockedError)) return;
    expect(error.code).toBe('ERR_WEBHOOK_SSRF_BLOCKED');
    expect(error.hostname).toBe('internal.example.vn');
    expect(error.address).toBe('10.0.0.7');
    expect(error.message).toContain('10.0.0.7');
    expect(error.message).toContain('private');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('keeps the DNS failure as the cause of an unresolvable host', async () => {
    const error = await checkWebhookUrl('https://nowhere.example.vn/', { resolve: dns }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect((error as Error).cause).toMatchObject({ code: 'ENOTFOUND' });
  });

  describe('with WEBHOOK_ALLOWED_HOSTS', () => {
    it('lets a listed host reach its private addresses', async () => {
      const allow = parseAllowList('internal.example.vn');
      const checked = await checkWebhookUrl('https://internal.example.vn/', { allow, resolve: dns });
      expect(checked.addresses).toEqual([{ address: '10.0.0.7', family: 4 }]);
    });

    it('lets a listed address or CIDR through, including IP literals', async () => {
      const allow = parseAllowList('10.0.0.0/8, 192.168.1.10, 127.0.0.1, fd00::/8');
      for (const url of [
        'https://internal.example.vn/',
        'https://mixed.example.vn/',
        'http://127.0.0.1:8080/',
        'http://2130706433/',
        'http://[::ffff:127.0.0.1]/',
        'https://v6only.example.vn/',
      ]) {
        expect(await blockReason(checkWebhookUrl(url, { allow, resolve: dns }))).toBe('allowed');
      }
    });

    it('lets localhost through only when the name is listed', async () => {
      const allow = parseAllowList('localhost');
      const resolve = fakeDns({ localhost: [LOOPBACK_V4, { address: '::1', family: 6 }] });
      expect(await blockReason(checkWebhookUrl('http://localhost:3000/', { allow, resolve }))).toBe('allowed');
      expect(await blockReason(checkWebhookUrl('http://127.0.0.1:3000/', { allow, resolve }))).toBe('loopback');
    });

    it('still blocks the addresses that are not listed', async () => {
      const allow = parseAllowList('10.0.0.0/8');
      expect(await blockReason(checkWebhookUrl('https://mixed.example.vn/', { allow, resolve: dns }))).toBe(
        'private',
      );
      expect(await blockReason(checkWebhookUrl('http://127.0.0.1/', { allow, resolve: dns }))).toBe('loopback');
    });

    it('does not let a listed name vouch for a metadata or unspecified address', async () => {
      const resolve = fakeDns({
        'erp.corp': [{ address: '169.254.169.254', family: 4 }],
        'zero.corp': [{ address: '0.0.0.0', family: 4 }],
      });
      const byName = parseAllowList('erp.corp, zero.corp');
      expect(await blockReason(checkWebhookUrl('http://erp.corp/', { allow: byName, resolve }))).toBe('metadata');
      expect(await blockReason(checkWebhookUrl('http://zero.corp/', { allow: byName, resolve }))).toBe(
        'unspecified',
      );
      const byAddress = parseAllowList('169.254.169.254');
      expect(await blockReason(checkWebhookUrl('http://erp.corp/', { allow: byAddress, resolve }))).toBe(
        'allowed',
      );
    });

    it('never relaxes the scheme or credential rules', async () => {
      const allow = parseAllowList('erp.example.vn');
      expect(await blockReason(checkWebhookUrl('ftp://erp.example.vn/', { allow, resolve: dns }))).toBe(
        'scheme_not_allowed',
      );
      expect(await blockReason(checkWebhookUrl('https://u:p@erp.example.vn/', { allow, resolve: dns }))).toBe(
        'credentials_in_url',
      );
    });
  });
});
