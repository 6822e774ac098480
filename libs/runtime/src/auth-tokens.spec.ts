import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, JWK, JWTPayload, SignJWT } from 'jose';
import { AuthConfig, ConfigError, parseAuthConfig } from '@app/config';
import { createTokenVerifier, InvalidTokenError, signToken, TokenKeysUnavailableError, VerifyToken } from './auth-tokens';

const ISSUER = 'https://idp.example.test/realms/grants';
const AUDIENCE = 'grants-engine';
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const HOUR = 3600;

const realNow = Date.now.bind(Date);
const now = (): number => Math.floor(Date.now() / 1000);
const b64 = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');

/** Configuration as an operator would write it (a server start: issuer and audience required). */
function authConfig(env: Record<string, string>): AuthConfig {
  const problems: string[] = [];
  const auth = parseAuthConfig({ AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE, ...env }, true, problems, problems);
  expect(problems).toEqual([]);
  return auth;
}

/** Good claims: times relative to now, the engine's issuer and audience. */
function claims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'u1', roles: ['officer'], areas: ['80'], iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + HOUR, ...overrides };
}

/** An HS256 token over any payload (what a forger with a guessed secret would make). */
function hs256(payload: object, secret: string | Buffer): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`). */
function unsigned(payload: object): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

async function refusal(verify: VerifyToken, token: string): Promise<unknown> {
  return verify(token).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

interface Setup {
  readonly name: string;
  readonly verify: VerifyToken;
  /** Signs with the configured key. */
  sign(payload: JWTPayload): Promise<string>;
  /** Signs the same way with a key the engine does not trust. */
  forge(payload: JWTPayload): Promise<string>;
  /** The algorithm-confusion attempt: HS256 keyed with what the engine knows publicly. */
  confuse(payload: JWTPayload): string;
}

function asymmetric(name: string, alg: 'RS256' | 'ES256' | 'EdDSA', pair: () => { publicKey: KeyObject; privateKey: KeyObject }): Setup {
  const trusted = pair();
  const stranger = pair();
  const pem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signWith = (key: KeyObject) => (payload: JWTPayload) => new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  return {
    name,
    verify: createTokenVerifier(authConfig({ AUTH_JWT_ALGORITHM: alg, AUTH_JWT_PUBLIC_KEY: pem }), { cacheSize: 0 }),
    sign: signWith(trusted.privateKey),
    forge: signWith(stranger.privateKey),
    confuse: (payload) => hs256(payload, pem),
  };
}

const SETUPS: Setup[] = [
  {
    name: 'HS256 with AUTH_JWT_SECRET',
    verify: createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }), { cacheSize: 0 }),
    sign: async (payload) => hs256(payload, SECRET),
    forge: async (payload) => hs256(payload, 'another-secret-that-is-long-enough-for-hs256'),
    // An RS256 token where HS256 is pinned: no switching either way.
    confuse: () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims())}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  },
  asymmetric('RS256 with a PEM public key', 'RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })),
  asymmetric('ES256 with a PEM public key', 'ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  asymmetric('EdDSA (Ed25519) with a PEM public key', 'EdDSA', () => generateKeyPairSync('ed25519')),
];

describe.each(SETUPS)('createTokenVerifier, $name', (setup) => {
  it('accepts a good token and reads its claims', async () => {
    const exp = now() + HOUR;
    const principal = await setup.verify(await setup.sign(claims({ exp, name: 'Nguyễn Thị Lan' })));
    expect(principal).toEqual({ id: 'u1', roles: ['officer'], areas: ['80'], name: 'Nguyễn Thị Lan', token: { exp } });
  });

  it('reads the optional authority claim', async () => {
    const principal = await setup.verify(await setup.sign(claims({ roles: ['approver'], authority: 'people_committee' })));
    expect(principal).toMatchObject({ id: 'u1', roles: ['approver'], authority: 'people_committee' });
  });

  const refused: [string, (s: Setup) => Promise<string> | string][] = [
    ['a forged signature', (s) => s.forge(claims())],
    ['a changed payload', async (s) => {
      const [header, , signature] = (await s.sign(claims())).split('.');
      return `${header}.${b64(claims({ roles: ['admin'] }))}.${signature}`;
    }],
    ['an expired token', (s) => s.sign(claims({ iat: now() - 2 * HOUR, exp: now() - 120 }))],
    ['a token not yet valid', (s) => s.sign(claims({ nbf: now() + 600 }))],
    ['a token issued in the future', (s) => s.sign(claims({ iat: now() + 600, exp: now() + 2 * HOUR }))],
    ['a wrong audience', (s) => s.sign(claims({ aud: 'another-service' }))],
    ['no audience', (s) => s.sign(claims({ aud: undefined }))],
    ['a wrong issuer', (s) => s.sign(claims({ iss: 'https://evil.example.test' }))],
    ['alg none', () => unsigned(claims())],
    ['another algorithm keyed with the public material', (s) => s.confuse(claims())],
    ['a lifetime over AUTH_JWT_MAX_TTL', (s) => s.sign(claims({ iat: now(), exp: now() + 13 * HOUR }))],
    ['no iat and an expiry beyond AUTH_JWT_MAX_TTL', (s) => s.sign(claims({ iat: undefined, exp: now() + 13 * HOUR }))],
    ['no expiry', (s) => s.sign(claims({ exp: undefined }))],
    ['no subject', (s) => s.sign(claims({ sub: undefined }))],
    ['missing roles', (s) => s.sign(claims({ roles: undefined }))],
    ['an unknown role', (s) => s.sign(claims({ roles: ['officer', 'superuser'] }))],
    ['areas that are not a list of codes', (s) => s.sign(claims({ areas: '80' }))],
    ['an unknown authority', (s) => s.sign(claims({ authority: 'governor' }))],
  ];
  it.each(refused)('refuses %s', async (_, make) => {
    const error = await refusal(setup.verify, await make(setup));
    expect(error).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses what is not a token at all', async () => {
    for (const token of ['', 'not-a-jwt', 'a.b.c', `${b64({ alg: 'HS256' })}.x.y`]) {
      expect(await refusal(setup.verify, token)).toBeInstanceOf(InvalidTokenError);
    }
  });
});

describe('createTokenVerifier, times and the verified-token cache', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses a token from the second it expires, cached or not', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const verify = createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }));
    const token = hs256(claims({ exp: now() + 60 }), SECRET);
    await expect(verify(token)).resolves.toMatchObject({ id: 'u1' });
    jest.setSystemTime(Date.now() + 59_000);
    await expect(verify(token)).resolves.toMatchObject({ id: 'u1' });
    jest.setSystemTime(Date.now() + 1_000);
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    const uncached = createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }));
    await expect(uncached(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('allows 30 s of clock skew on iat and nbf', async () => {
    const verify = createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }));
    await expect(verify(hs256(claims({ iat: now() + 25, nbf: now() + 25 }), SECRET))).resolves.toMatchObject({ id: 'u1' });
    await expect(verify(hs256(claims({ iat: now() + 45 }), SECRET))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verify(hs256(claims({ nbf: now() + 45 }), SECRET))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('honours nbf once it is reached', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const verify = createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }));
    const token = hs256(claims({ nbf: now() + 120, exp: now() + HOUR }), SECRET);
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    jest.setSystemTime(Date.now() + 120_000);
    await expect(verify(token)).resolves.toMatchObject({ id: 'u1' });
  });

  it('applies AUTH_JWT_MAX_TTL as configured', async () => {
    const verify = createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_MAX_TTL: '30m' }));
    await expect(verify(hs256(claims({ exp: now() + 1800 }), SECRET))).resolves.toMatchObject({ id: 'u1' });
    await expect(verify(hs256(claims({ exp: now() + 1801 }), SECRET))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('checks issuer and audience only when configured outside production', async () => {
    const problems: string[] = [];
    const verify = createTokenVerifier(parseAuthConfig({ AUTH_JWT_SECRET: SECRET }, false, problems, problems));
    expect(problems).toEqual([]);
    await expect(verify(hs256(claims({ iss: undefined, aud: undefined }), SECRET))).resolves.toMatchObject({ id: 'u1' });
    await expect(verify(hs256(claims({ iss: 'anyone', aud: 'anything' }), SECRET))).resolves.toMatchObject({ id: 'u1' });
  });
});

describe('signToken', () => {
  it('signs HS256 with iat, exp and the given issuer and audience, which the verifier accepts', async () => {
    const token = signToken(SECRET, { sub: 'u1', roles: ['approver'], name: 'A', areas: ['80'], authority: 'ministry' }, 600, { issuer: ISSUER, audience: AUDIENCE });
    const [header, payload] = token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'u1', roles: ['approver'], authority: 'ministry', iss: ISSUER, aud: AUDIENCE });
    expect(Number(payload?.exp) - Number(payload?.iat)).toBe(600);
    expect(Math.abs(Number(payload?.iat) - now())).toBeLessThanOrEqual(1);
    await expect(createTokenVerifier(authConfig({ AUTH_JWT_SECRET: SECRET }))(token)).resolves.toMatchObject({ id: 'u1', roles: ['approver'] });
  });
});

describe('createTokenVerifier, configuration errors', () => {
  it('names the variable of a key it cannot import', () => {
    const base = { algorithm: 'RS256', algorithms: ['RS256'], maxTtlSeconds: HOUR } as const;
    expect(() => createTokenVerifier({ ...base, publicKey: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' })).toThrow(ConfigError);
    expect(() => createTokenVerifier({ ...base, publicKey: 'x' })).toThrow(/AUTH_JWT_PUBLIC_KEY/);
    expect(() => createTokenVerifier({ ...base, algorithm: 'HS256', algorithms: ['HS256'] })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => createTokenVerifier({ ...base, jwksUrl: 'not a url' })).toThrow(/AUTH_JWT_JWKS_URL/);
  });
});

/** A JSON Web Key Set served on 127.0.0.1, whose keys a test rotates. */
class KeySetServer {
  keys: JWK[] = [];
  fetches = 0;
  failing = false;
  private readonly server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    this.fetches += 1;
    if (this.failing) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/grants/protocol/openid-connect/certs`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256' | 'EdDSA';
  readonly privateKey: KeyObject;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const pair =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return { kid, alg, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
}

function signWith(key: SigningKey, payload: JWTPayload = claims()): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

describe('createTokenVerifier, an OpenID Connect provider (AUTH_JWT_JWKS_URL)', () => {
  const provider = new KeySetServer();
  let url: string;
  let first: SigningKey;
  let second: SigningKey;
  let edwards: SigningKey;
  let stranger: SigningKey;

  beforeAll(async () => {
    url = await provider.start();
    [first, second, edwards, stranger] = await Promise.all([signingKey('k1', 'RS256'), signingKey('k2', 'RS256'), signingKey('k3', 'EdDSA'), signingKey('k1', 'RS256')]);
  });
  afterAll(() => provider.stop());
  beforeEach(() => {
    provider.keys = [first.jwk];
    provider.fetches = 0;
    provider.failing = false;
  });
  afterEach(() => jest.restoreAllMocks());

  const verifierFor = (env: Record<string, string> = {}): VerifyToken => createTokenVerifier(authConfig({ AUTH_JWT_JWKS_URL: url, ...env }), { cacheSize: 0 });
  /** Moves the clock jose's key set reads (token times stay real). */
  const later = (ms: number): void => {
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ms);
  };

  it('fetches the key set once and verifies tokens of its keys', async () => {
    const verify = verifierFor();
    await expect(verify(await signWith(first))).resolves.toMatchObject({ id: 'u1', roles: ['officer'] });
    await expect(verify(await signWith(first, claims({ sub: 'u2' })))).resolves.toMatchObject({ id: 'u2' });
    expect(provider.fetches).toBe(1);
  });

  it('follows a key rotation: a token with a new kid refetches the set after the cooldown', async () => {
    const verify = verifierFor();
    await expect(verify(await signWith(first))).resolves.toMatchObject({ id: 'u1' });
    provider.keys = [second.jwk];
    later(31_000);
    await expect(verify(await signWith(second))).resolves.toMatchObject({ id: 'u1' });
    expect(provider.fetches).toBe(2);
    // The retired key is gone from the set.
    later(11 * 60_000);
    expect(await refusal(verify, await signWith(first))).toBeInstanceOf(InvalidTokenError);
  });

  it('does not let a flood of unknown kids hammer the provider', async () => {
    const verify = verifierFor();
    await verify(await signWith(first));
    later(31_000);
    const unknown = await signingKey('unknown', 'RS256');
    for (let i = 0; i < 20; i += 1) {
      expect(await refusal(verify, await signWith({ ...unknown, kid: `unknown-${i}` }))).toBeInstanceOf(InvalidTokenError);
    }
    expect(provider.fetches).toBe(2);
  });

  it('refuses forged, expired, wrong-audience, wrong-issuer, unsigned and HS256 tokens', async () => {
    const verify = verifierFor();
    const tokens = [
      await signWith(stranger),
      await signWith(first, claims({ iat: now() - 2 * HOUR, exp: now() - 120 })),
      await signWith(first, claims({ aud: 'another-service' })),
      await signWith(first, claims({ iss: 'https://evil.example.test' })),
      await signWith(first, claims({ exp: now() + 13 * HOUR })),
      await signWith(first, claims({ roles: [] })),
      unsigned(claims()),
      hs256(claims(), JSON.stringify(first.jwk)),
    ];
    for (const token of tokens) expect(await refusal(verify, token)).toBeInstanceOf(InvalidTokenError);
  });

  it('accepts only the configured algorithms of the set', async () => {
    provider.keys = [first.jwk, edwards.jwk];
    expect(await refusal(verifierFor(), await signWith(edwards))).toBeInstanceOf(InvalidTokenError);
    await expect(verifierFor({ AUTH_JWT_ALGORITHM: 'RS256,EdDSA' })(await signWith(edwards))).resolves.toMatchObject({ id: 'u1' });
  });

  it('keeps verifying with the last fetched keys while the provider is down, and says so when it never answered', async () => {
    const verify = verifierFor();
    await verify(await signWith(first));
    provider.failing = true;
    later(11 * 60_000);
    await expect(verify(await signWith(first))).resolves.toMatchObject({ id: 'u1' });
    await expect(verify(await signWith(first))).resolves.toMatchObject({ id: 'u1' });
    // One failed refetch, then the cooldown.
    expect(provider.fetches).toBe(2);
    expect(await refusal(verifierFor(), await signWith(first))).toBeInstanceOf(TokenKeysUnavailableError);
  });
});
