// The SSRF guard at connection time: the lookup an http.Agent uses, on fake and real requests.
import type { LookupAddress } from 'node:dns';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowList } from './allow-list';
import { checkWebhookUrl, guardedLookup, SsrfBlockedError, type WebhookResolver } from './ssrf-guard';
import { LOOPBACK_V4, PUBLIC_V4, PUBLIC_V6, fakeDns } from './ssrf-guard.fixtures';

describe('guardedLookup', () => {
  function lookupOnce(
    lookup: ReturnType<typeof guardedLookup>,
    hostname: string,
    options: { all?: boolean; family?: number },
  ): Promise<{ address: string | LookupAddress[]; family?: number }> {
    return new Promise((resolve, reject) => {
      lookup(hostname, options, (error, address, family) => {
        if (error !== null) reject(error);
        else resolve({ address, family });
      });
    });
  }

  const dns = fakeDns({
    'erp.example.vn': [PUBLIC_V4, PUBLIC_V6],
    'finance.test': [LOOPBACK_V4],
    'mixed.example.vn': [PUBLIC_V4, LOOPBACK_V4],
  });

  it('answers in both dns.lookup shapes, honouring the family', async () => {
    const lookup = guardedLookup(undefined, { resolve: dns });
    expect(await lookupOnce(lookup, 'erp.example.vn', {})).toEqual({ address: PUBLIC_V4.address, family: 4 });
    expect(await lookupOnce(lookup, 'erp.example.vn', { all: true })).toEqual({
      address: [PUBLIC_V4, PUBLIC_V6],
      family: undefined,
    });
    expect(await lookupOnce(lookup, 'erp.example.vn', { family: 6 })).toEqual({
      address: PUBLIC_V6.address,
      family: 6,
    });
  });

  it('fails with ENOTFOUND when no address of the requested family exists', async () => {
    const lookup = guardedLookup(undefined, { resolve: fakeDns({ 'v4.example.vn': [PUBLIC_V4] }) });
    await expect(lookupOnce(lookup, 'v4.example.vn', { family: 6 })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refuses a non-public answer, even when only one of several is private', async () => {
    const lookup = guardedLookup(undefined, { resolve: dns });
    await expect(lookupOnce(lookup, 'finance.test', { all: true })).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(lookupOnce(lookup, 'mixed.example.vn', {})).rejects.toMatchObject({ reason: 'loopback' });
    await expect(lookupOnce(lookup, 'localhost', {})).rejects.toMatchObject({ reason: 'loopback' });
  });

  it('passes resolver failures through unchanged, so they are retried as network errors', async () => {
    const lookup = guardedLookup(undefined, { resolve: dns });
    const error = await lookupOnce(lookup, 'nowhere.example.vn', {}).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(SsrfBlockedError);
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
  });

  describe('on a real http.request to 127.0.0.1', () => {
    let server: Server;
    let port: number;
    let received: number;

    beforeAll(async () => {
      server = createServer((req, res) => {
        received += 1;
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    beforeEach(() => {
      received = 0;
    });

    afterAll(async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    });

    function post(lookup: ReturnType<typeof guardedLookup>, family?: number): Promise<number | Error> {
      return new Promise((resolve) => {
        const req = request(
          { host: 'finance.test', port, path: '/hook', method: 'POST', lookup, agent: false, family },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', resolve);
        req.end('{}');
      });
    }

    it('is blocked without an allow list, before any byte reaches the server', async () => {
      const outcome = await post(guardedLookup(undefined, { resolve: dns }));
      expect(outcome).toBeInstanceOf(SsrfBlockedError);
      expect(outcome).toMatchObject({ reason: 'loopback', hostname: 'finance.test', address: '127.0.0.1' });
      expect(received).toBe(0);
    });

    it('is blocked on the single-address lookup path too (family pinned)', async () => {
      const outcome = await post(guardedLookup(undefined, { resolve: dns }), 4);
      expect(outcome).toBeInstanceOf(SsrfBlockedError);
      expect(received).toBe(0);
    });

    it.each(['127.0.0.1', '127.0.0.0/8', 'finance.test'])('goes through when %s is allowed', async (entry) => {
      const outcome = await post(guardedLookup(parseAllowList(entry), { resolve: dns }));
      expect(outcome).toBe(200);
      expect(received).toBe(1);
    });

    it('catches DNS rebinding: checked as public, connecting to loopback', async () => {
      let calls = 0;
      const rebinding: WebhookResolver = async () => (++calls === 1 ? [PUBLIC_V4] : [LOOPBACK_V4]);
      const checked = await checkWebhookUrl(`http://finance.test:${port}/hook`, { resolve: rebinding });
      expect(checked.addresses).toEqual([PUBLIC_V4]);

      const outcome = await post(guardedLookup(undefined, { resolve: rebinding }));
      expect(outcome).toMatchObject({ reason: 'loopback' });
      expect(calls).toBe(2);
      expect(received).toBe(0);
    });
  });
});
