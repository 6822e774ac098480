import { createHmac } from 'node:crypto';
import {
  WebhookSecretError,
  WebhookVerificationError,
  buildWebhookHeaders,
  generateWebhookSecret,
  parseWebhookSecret,
  signWebhook,
  verifyWebhook,
  type VerifyWebhookInput,
  type WebhookVerificationFailure,
} from './standard-webhooks';

// Known-answer vector from the Standard Webhooks specification and reference test suite.
const KAT = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
} as const;

function katHeaders(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    'webhook-id': KAT.id,
    'webhook-timestamp': String(KAT.timestamp),
    'webhook-signature': KAT.signature,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function katInput(overrides: Partial<VerifyWebhookInput> = {}): VerifyWebhookInput {
  return {
    secrets: [KAT.secret],
    headers: katHeaders(),
    rawBody: KAT.body,
    now: KAT.timestamp,
    ...overrides,
  };
}

function failureOf(run: () => unknown): WebhookVerificationFailure | 'no_error' {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return 'no_error';
}

describe('Standard Webhooks secrets', () => {
  it('generates whsec_ + base64 of 32 random bytes, each one different', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseWebhookSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('accepts the secret with or without the whsec_ prefix', () => {
    const withPrefix = parseWebhookSecret(KAT.secret);
    const without = parseWebhookSecret(KAT.secret.slice('whsec_'.length));
    expect(withPrefix).toHaveLength(24);
    expect(without.equals(withPrefix)).toBe(true);
  });

  it.each([
    ['23 bytes', 'whsec_' + Buffer.alloc(23, 1).toString('base64'), /too short: 23 bytes/],
    ['65 bytes', 'whsec_' + Buffer.alloc(65, 1).toString('base64'), /too long: 65 bytes/],
    ['empty', 'whsec_', /base64/],
    ['not base64', 'whsec_not*base64!not*base64!not*base64!', /base64/],
  ])('refuses a secret of %s without echoing it', (_label, secret, message) => {
    expect(() => parseWebhookSecret(secret)).toThrow(WebhookSecretError);
    expect(() => parseWebhookSecret(secret)).toThrow(message);
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      expect(String(error)).not.toContain(secret.slice('whsec_'.length) || '\u0000');
    }
  });

  it('accepts the bounds: 24 and 64 bytes', () => {
    expect(parseWebhookSecret(Buffer.alloc(24, 7).toString('base64'))).toHaveLength(24);
    expect(parseWebhookSecret(Buffer.alloc(64, 7).toString('base64'))).toHaveLength(64);
  });
});

describe('signWebhook', () => {
  it('reproduces the specification known-answer vector', () => {
    expect(
      signWebhook({ secret: KAT.secret, id: KAT.id, timestamp: KAT.timestamp, body: KAT.body }),
    ).toBe(KAT.signature);
  });

  it('is independent of the prefix and of string vs Buffer body', () => {
    const bare = KAT.secret.slice('whsec_'.length);
    expect(
      signWebhook({ secret: bare, id: KAT.id, timestamp: KAT.timestamp, body: Buffer.from(KAT.body) }),
    ).toBe(KAT.signature);
  });

  it('signs {id}.{timestamp}.{body} with HMAC-SHA256', () => {
    const key = parseWebhookSecret(KAT.secret);
    const expected = createHmac('sha256', key)
      .update(`${KAT.id}.${KAT.timestamp}.${KAT.body}`)
      .digest('base64');
    expect(KAT.signature).toBe(`v1,${expected}`);
  });

  it('emits one space-delimited v1 entry per secret during rotation (new first)', () => {
    const next = generateWebhookSecret();
    const header = signWebhook({
      secrets: [next, KAT.secret],
      id: KAT.id,
      timestamp: KAT.timestamp,
      body: KAT.body,
    });
    const entries = header.split(' ');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(entries[1]).toBe(KAT.signature);
  });

  it.each([
    ['a dotted id', { id: 'msg.1', timestamp: KAT.timestamp }],
    ['an empty id', { id: '', timestamp: KAT.timestamp }],
    ['a fractional timestamp', { id: KAT.id, timestamp: 1614265330.5 }],
    ['a negative timestamp', { id: KAT.id, timestamp: -1 }],
    ['a NaN timestamp', { id: KAT.id, timestamp: Number.NaN }],
  ])('refuses %s', (_label, fields) => {
    expect(() => signWebhook({ secret: KAT.secret, body: KAT.body, ...fields })).toThrow(RangeError);
  });

  it('refuses an empty secret list and a short secret', () => {
    expect(() => signWebhook({ secrets: [], id: KAT.id, timestamp: 1, body: '' })).toThrow(RangeError);
    expect(() =>
      signWebhook({ secret: Buffer.alloc(16), id: KAT.id, timestamp: 1, body: '' }),
    ).toThrow(WebhookSecretError);
  });

  it('builds the three headers', () => {
    expect(
      buildWebhookHeaders({ secret: KAT.secret, id: KAT.id, timestamp: KAT.timestamp, body: KAT.body }),
    ).toEqual({
      'webhook-id': KAT.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': KAT.signature,
    });
  });
});

describe('verifyWebhook', () => {
  it('accepts the known-answer vector and returns id and timestamp', () => {
    expect(verifyWebhook(katInput())).toEqual({ id: KAT.id, timestamp: KAT.timestamp });
  });

  it('accepts the secret without the whsec_ prefix', () => {
    expect(verifyWebhook(katInput({ secrets: [KAT.secret.slice(6)] })).id).toBe(KAT.id);
  });

  it('looks headers up case-insensitively, in records and fetch Headers', () => {
    const mixed = {
      'Webhook-Id': KAT.id,
      'WEBHOOK-TIMESTAMP': String(KAT.timestamp),
      'Webhook-Signature': KAT.signature,
    };
    expect(verifyWebhook(katInput({ headers: mixed })).id).toBe(KAT.id);
    expect(verifyWebhook(katInput({ headers: new Headers(mixed) })).id).toBe(KAT.id);
  });

  it('accepts a Buffer raw body', () => {
    expect(verifyWebhook(katInput({ rawBody: Buffer.from(KAT.body) })).id).toBe(KAT.id);
  });

  // The negative suite of the reference library (RELIABILITY.md A1), plus our edge cases.
  it.each<[string, Partial<VerifyWebhookInput>, WebhookVerificationFailure]>([
    ['missing id', { headers: katHeaders({ 'webhook-id': undefined }) }, 'missing_id'],
    ['empty id', { headers: katHeaders({ 'webhook-id': '' }) }, 'missing_id'],
    ['missing timestamp', { headers: katHeaders({ 'webhook-timestamp': undefined }) }, 'missing_timestamp'],
    ['missing signature', { headers: katHeaders({ 'webhook-signature': undefined }) }, 'missing_signature'],
    ['blank signature', { headers: katHeaders({ 'webhook-signature': '   ' }) }, 'missing_signature'],
    ['non-numeric timestamp', { headers: katHeaders({ 'webhook-timestamp': 'hello' }) }, 'invalid_timestamp'],
    ['numeric-prefixed timestamp', { headers: katHeaders({ 'webhook-timestamp': '1614265330abc' }) }, 'invalid_timestamp'],
    ['fractional timestamp', { headers: katHeaders({ 'webhook-timestamp': '1614265330.0' }) }, 'invalid_timestamp'],
    ['negative timestamp', { headers: katHeaders({ 'webhook-timestamp': '-1614265330' }) }, 'invalid_timestamp'],
    ['garbage signature', { headers: katHeaders({ 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' }) }, 'no_matching_signature'],
    ['truncated signature "v1,"', { headers: katHeaders({ 'webhook-signature': 'v1,' }) }, 'no_matching_signature'],
    ['signature without version', { headers: katHeaders({ 'webhook-signature': KAT.signature.slice(3) }) }, 'no_matching_signature'],
    ['right bytes under v1a (ed25519) only', { headers: katHeaders({ 'webhook-signature': 'v1a' + KAT.signature.slice(2) }) }, 'no_matching_signature'],
    ['signature cut by two characters', { headers: katHeaders({ 'webhook-signature': KAT.signature.slice(0, -2) }) }, 'no_matching_signature'],
    ['signature without its base64 padding', { headers: katHeaders({ 'webhook-signature': KAT.signature.slice(0, -1) }) }, 'no_matching_signature'],
    ['signature with a trailing junk byte', { headers: katHeaders({ 'webhook-signature': KAT.signature.slice(0, -1) + 'A' }) }, 'no_matching_signature'],
    ['signature with a flipped bit', { headers: katHeaders({ 'webhook-signature': 'v1,h' + KAT.signature.slice(4) }) }, 'no_matching_signature'],
    ['another id', { headers: katHeaders({ 'webhook-id': 'msg_other' }) }, 'no_matching_signature'],
    ['wrong secret', { secrets: [generateWebhookSecret()] }, 'no_matching_signature'],
    ['body with one more space', { rawBody: '{"test":  2432232314}' }, 'no_matching_signature'],
    ['body parsed and re-serialised', { rawBody: JSON.stringify(JSON.parse(KAT.body)) }, 'no_matching_signature'],
  ])('rejects %s', (_label, overrides, reason) => {
    expect(failureOf(() => verifyWebhook(katInput(overrides)))).toBe(reason);
  });

  it('accepts when any of several signatures matches, ignoring other versions', () => {
    const header = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==',
      KAT.signature,
      'v1,',
    ].join(' ');
    expect(verifyWebhook(katInput({ headers: katHeaders({ 'webhook-signature': header }) })).id).toBe(
      KAT.id,
    );
  });

  it('tolerates repeated spaces between signatures', () => {
    const header = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=   ${KAT.signature}`;
    expect(failureOf(() => verifyWebhook(katInput({ headers: katHeaders({ 'webhook-signature': header }) })))).toBe(
      'no_error',
    );
  });

  it.each<[number, WebhookVerificationFailure | 'no_error']>([
    [-301, 'timestamp_too_new'],
    [-300, 'no_error'],
    [-299, 'no_error'],
    [0, 'no_error'],
    [299, 'no_error'],
    [300, 'no_error'],
    [301, 'timestamp_too_old'],
  ])('with the clock at timestamp %+d s: %s', (offset, expected) => {
    expect(failureOf(() => verifyWebhook(katInput({ now: KAT.timestamp + offset })))).toBe(expected);
  });

  it('honours a custom tolerance', () => {
    expect(failureOf(() => verifyWebhook(katInput({ now: KAT.timestamp + 11, toleranceSeconds: 10 })))).toBe(
      'timestamp_too_old',
    );
  });

  it('checks presence before the timestamp and the timestamp before the signature', () => {
    expect(
      failureOf(() =>
        verifyWebhook(
          katInput({ headers: katHeaders({ 'webhook-signature': undefined }), now: KAT.timestamp + 3600 }),
        ),
      ),
    ).toBe('missing_signature');
    expect(failureOf(() => verifyWebhook(katInput({ rawBody: 'tampered', now: KAT.timestamp + 3600 })))).toBe(
      'timestamp_too_old',
    );
  });

  it('keeps the secret and the expected signature out of the error', () => {
    try {
      verifyWebhook(katInput({ rawBody: 'tampered' }));
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      const text = `${String(error)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(KAT.secret.slice(6));
      expect(text).not.toContain(KAT.signature.slice(3));
    }
  });

  it('refuses to run without secrets or with a malformed one', () => {
    expect(() => verifyWebhook(katInput({ secrets: [] }))).toThrow(RangeError);
    expect(() => verifyWebhook(katInput({ secrets: ['whsec_short'] }))).toThrow(WebhookSecretError);
  });
});

describe('signer and verifier together', () => {
  const now = 1_800_000_000;

  it('round-trips a signed delivery', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'payment_order.issued', id: 'evt_1', data: { amountVnd: 1 } });
    const headers = buildWebhookHeaders({ secret, id: 'msg_1', timestamp: now, body });
    expect(verifyWebhook({ secrets: [secret], headers, rawBody: body, now })).toEqual({
      id: 'msg_1',
      timestamp: now,
    });
  });

  it('keeps deliveries verifiable on both sides of a secret rotation', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const body = '{"type":"commitment.recorded"}';
    const headers = buildWebhookHeaders({ secrets: [newSecret, oldSecret], id: 'msg_2', timestamp: now, body });

    // A receiver that has not yet updated, one that has, and one that knows both.
    for (const secrets of [[oldSecret], [newSecret], [newSecret, oldSecret]]) {
      expect(verifyWebhook({ secrets, headers, rawBody: body, now }).id).toBe('msg_2');
    }
    expect(
      failureOf(() => verifyWebhook({ secrets: [generateWebhookSecret()], headers, rawBody: body, now })),
    ).toBe('no_matching_signature');
  });

  it('rejects a replay of a valid delivery outside the window', () => {
    const secret = generateWebhookSecret();
    const headers = buildWebhookHeaders({ secret, id: 'msg_3', timestamp: now, body: '{}' });
    expect(failureOf(() => verifyWebhook({ secrets: [secret], headers, rawBody: '{}', now: now + 301 }))).toBe(
      'timestamp_too_old',
    );
  });

  it('binds the signature to the id and timestamp as well as the body', () => {
    const secret = generateWebhookSecret();
    const headers = buildWebhookHeaders({ secret, id: 'msg_4', timestamp: now, body: '{}' });
    const moved = { ...headers, 'webhook-timestamp': String(now + 1) };
    const renamed = { ...headers, 'webhook-id': 'msg_5' };
    for (const tampered of [moved, renamed]) {
      expect(failureOf(() => verifyWebhook({ secrets: [secret], headers: tampered, rawBody: '{}', now }))).toBe(
        'no_matching_signature',
      );
    }
  });
});
