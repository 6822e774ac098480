import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, JWK, SignJWT } from 'jose';
import { createProgramme, DRAFT, headers } from './support/lifecycle';
import { startTestEngine, TEST_JWT_SECRET, TestEngine } from './support/test-engine';
import { epochSeconds, hs256Token, unsignedToken } from './support/tokens';

jest.setTimeout(60_000);

const ISSUER = 'https://idp.example.test/realms/grants';
const AUDIENCE = 'grants-engine';

/** Claims that pass every check but the one a case breaks. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = epochSeconds();
  return { sub: 'officer-1', roles: ['officer'], areas: ['80'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, ...overrides };
}

function rs256Token(payload: object, privateKey: KeyObject): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

describe('bearer tokens at the edge', () => {
  let engine: TestEngine;
  let programmeId: string;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE } });
    programmeId = await createProgramme(engine);
  });
  afterAll(() => engine?.close());

  it('accepts a good token for a command', async () => {
    await engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId }).expect(201);
    const good = hs256Token(claims(), TEST_JWT_SECRET);
    await engine.http.get('/api/v1/projects').set({ Authorization: `Bearer ${good}` }).expect(200);
  });

  it('answers every refused token 401 alike, with invalid_token, and appends nothing', async () => {
    const now = epochSeconds();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const refused: Record<string, string> = {
      forged: hs256Token(claims(), 'a-guessed-secret-that-is-long-enough!!'),
      expired: hs256Token(claims({ iat: now - 7200, exp: now - 120 }), TEST_JWT_SECRET),
      notYetValid: hs256Token(claims({ nbf: now + 600 }), TEST_JWT_SECRET),
      wrongAudience: hs256Token(claims({ aud: 'another-service' }), TEST_JWT_SECRET),
      wrongIssuer: hs256Token(claims({ iss: 'https://evil.example.test' }), TEST_JWT_SECRET),
      algNone: unsignedToken(claims({ roles: ['admin'] })),
      otherAlgorithm: rs256Token(claims(), privateKey),
      overMaxLifetime: hs256Token(claims({ exp: now + 13 * 3600 }), TEST_JWT_SECRET),
      unknownRole: hs256Token(claims({ roles: ['superuser'] }), TEST_JWT_SECRET),
      noRoles: hs256Token(claims({ roles: undefined }), TEST_JWT_SECRET),
      notAToken: 'not-a-jwt',
    };
    const before = await engine.eventCount();
    const details = new Set<string>();
    for (const [name, token] of Object.entries(refused)) {
      const res = await engine.http.post('/api/v1/projects').set({ Authorization: `Bearer ${token}` }).send({ ...DRAFT, programmeId });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(res.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', type: 'urn:problem:AUTH.UNAUTHENTICATED' });
      details.add(res.body.detail as string);
    }
    // The caller learns only that the token was not accepted, never why.
    expect([...details]).toEqual(['The bearer token is not accepted']);
    expect(await engine.eventCount()).toBe(before);
  });

  it('asks for a bearer token when none is sent', async () => {
    const before = await engine.eventCount();
    const res = await engine.http.post('/api/v1/projects').send({ ...DRAFT, programmeId }).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    expect(await engine.eventCount()).toBe(before);
  });
});

describe('EdDSA tokens at the edge', () => {
  let engine: TestEngine;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeAll(async () => {
    engine = await startTestEngine({ env: { AUTH_JWT_ALGORITHM: 'EdDSA', AUTH_JWT_PUBLIC_KEY: pem, AUTH_JWT_SECRET: '' } });
  });
  afterAll(() => engine?.close());

  it('accepts an Ed25519-signed token and refuses HS256 keyed with the public key', async () => {
    const good = await new SignJWT(claims({ iss: engine.config.auth.issuer, aud: engine.config.auth.audience })).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(privateKey);
    await engine.http.get('/api/v1/programmes').set({ Authorization: `Bearer ${good}` }).expect(200);
    const confused = hs256Token(claims({ iss: engine.config.auth.issuer, aud: engine.config.auth.audience }), pem);
    const res = await engine.http.get('/api/v1/programmes').set({ Authorization: `Bearer ${confused}` }).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });
});

describe('tokens of an OpenID Connect provider at the edge', () => {
  let engine: TestEngine;
  let keys: JWK[] = [];
  let up = false;
  const provider = createServer((_, res) => {
    if (!up) res.writeHead(503).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const token = () => new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' }).sign(privateKey);

  beforeAll(async () => {
    await new Promise<void>((done) => provider.listen(0, '127.0.0.1', done));
    keys = [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }];
    const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/certs`;
    engine = await startTestEngine({
      env: { AUTH_JWT_JWKS_URL: url, AUTH_JWT_ALGORITHM: 'ES256', AUTH_JWT_SECRET: '', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    await engine?.close();
    provider.closeAllConnections();
    await new Promise<void>((done) => provider.close(() => done()));
  });

  it('answers 503 while the provider was never reached, then verifies with its keys', async () => {
    const down = await engine.http.get('/api/v1/programmes').set({ Authorization: `Bearer ${await token()}` }).expect(503);
    expect(down.headers['retry-after']).toBeDefined();
    expect(down.body).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    up = true;
    await engine.http.get('/api/v1/programmes').set({ Authorization: `Bearer ${await token()}` }).expect(200);
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' }).sign(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const res = await engine.http.get('/api/v1/programmes').set({ Authorization: `Bearer ${forged}` }).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });
});
