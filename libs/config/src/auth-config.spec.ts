import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { parseAuthConfig, parseTtlSeconds } from './auth-config';

const SERVER = { AUTH_JWT_ISSUER: 'https://idp.example.test', AUTH_JWT_AUDIENCE: 'grants-engine' };
const pem = (pair: { publicKey: KeyObject }): string => pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const RSA = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));
const EC = pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
const ED = pem(generateKeyPairSync('ed25519'));

function parse(env: Record<string, string>, production = false): { auth: ReturnType<typeof parseAuthConfig>; problems: string[] } {
  const problems: string[] = [];
  const missing: string[] = [];
  const auth = parseAuthConfig(env, production, problems, missing);
  return { auth, problems: [...problems, ...missing.map((name) => `${name} is required on a server start`)] };
}

describe('parseAuthConfig', () => {
  it('defaults to HS256, a 12 h lifetime and no issuer or audience outside production', () => {
    const { auth, problems } = parse({});
    expect(problems).toEqual([]);
    expect(auth).toMatchObject({ algorithm: 'HS256', algorithms: ['HS256'], maxTtlSeconds: 12 * 3600, issuer: undefined, audience: undefined });
  });

  it('requires the issuer and the audience on a server start', () => {
    const { problems } = parse({ AUTH_JWT_SECRET: 'x'.repeat(32) }, true);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE']);
    expect(parse({ AUTH_JWT_SECRET: 'x'.repeat(32), ...SERVER }, true).problems).toEqual([]);
  });

  it('accepts a PEM key of the algorithm it is pinned to, and names a mismatch', () => {
    for (const [algorithm, key] of [['RS256', RSA], ['ES256', EC], ['EdDSA', ED]] as const) {
      const { auth, problems } = parse({ AUTH_JWT_ALGORITHM: algorithm, AUTH_JWT_PUBLIC_KEY: key.replace(/\n/g, '\\n') });
      expect(problems).toEqual([]);
      expect(auth.algorithms).toEqual([algorithm]);
      expect(auth.publicKey).toBe(key);
    }
    expect(parse({ AUTH_JWT_ALGORITHM: 'RS256', AUTH_JWT_PUBLIC_KEY: ED }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY must be an RSA key/)]);
    expect(parse({ AUTH_JWT_ALGORITHM: 'EdDSA', AUTH_JWT_PUBLIC_KEY: EC }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY must be an Ed25519 key/)]);
    expect(parse({ AUTH_JWT_ALGORITHM: 'ES256', AUTH_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY is not a readable PEM/)]);
    expect(parse({ AUTH_JWT_ALGORITHM: 'ES256' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY must hold/)]);
  });

  it('never accepts none, and lists several algorithms only with a JWKS URL', () => {
    expect(parse({ AUTH_JWT_ALGORITHM: 'none' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_ALGORITHM must be one of/)]);
    expect(parse({ AUTH_JWT_ALGORITHM: 'HS512' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_ALGORITHM must be one of/)]);
    expect(parse({ AUTH_JWT_ALGORITHM: 'RS256,EdDSA', AUTH_JWT_PUBLIC_KEY: RSA }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_ALGORITHM may list several/)]);
    const jwks = parse({ AUTH_JWT_JWKS_URL: 'https://idp.example.test/certs', AUTH_JWT_ALGORITHM: 'RS256, ES256,EdDSA' });
    expect(jwks.problems).toEqual([]);
    expect(jwks.auth).toMatchObject({ algorithm: 'RS256', algorithms: ['RS256', 'ES256', 'EdDSA'], jwksUrl: 'https://idp.example.test/certs' });
    expect(parse({ AUTH_JWT_JWKS_URL: 'https://idp.example.test/certs' }).auth.algorithms).toEqual(['RS256']);
    expect(parse({ AUTH_JWT_JWKS_URL: 'https://idp.example.test/certs', AUTH_JWT_ALGORITHM: 'HS256' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_ALGORITHM with AUTH_JWT_JWKS_URL/)]);
    expect(parse({ AUTH_JWT_JWKS_URL: 'https://idp.example.test/certs', AUTH_JWT_PUBLIC_KEY: RSA }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY and AUTH_JWT_JWKS_URL/)]);
  });

  it('requires https for a JWKS on a server start unless it is on this machine', () => {
    expect(parse({ ...SERVER, AUTH_JWT_JWKS_URL: 'http://idp.example.test/certs' }, true).problems).toEqual([expect.stringMatching(/^AUTH_JWT_JWKS_URL must use https/)]);
    expect(parse({ ...SERVER, AUTH_JWT_JWKS_URL: 'http://127.0.0.1:8080/certs' }, true).problems).toEqual([]);
    expect(parse({ ...SERVER, AUTH_JWT_JWKS_URL: 'http://localhost:8080/certs' }, true).problems).toEqual([]);
    expect(parse({ AUTH_JWT_JWKS_URL: 'http://idp.example.test/certs' }).problems).toEqual([]);
    expect(parse({ AUTH_JWT_JWKS_URL: 'ftp://idp.example.test/certs' }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_JWKS_URL must use https/)]);
    expect(parse({ AUTH_JWT_JWKS_URL: 'certs' }).problems).toEqual(['AUTH_JWT_JWKS_URL is not a valid URL']);
  });

  it('reads AUTH_JWT_MAX_TTL in seconds or with a unit', () => {
    expect(parse({ AUTH_JWT_MAX_TTL: '30m' }).auth.maxTtlSeconds).toBe(1800);
    expect(parse({ AUTH_JWT_MAX_TTL: '3600' }).auth.maxTtlSeconds).toBe(3600);
    for (const bad of ['12 hours', '-5', '10s', '31d']) {
      expect(parse({ AUTH_JWT_MAX_TTL: bad }).problems).toEqual([expect.stringMatching(/^AUTH_JWT_MAX_TTL must be/)]);
    }
  });
});

describe('parseTtlSeconds', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect([parseTtlSeconds('90'), parseTtlSeconds('90s'), parseTtlSeconds('30m'), parseTtlSeconds('12h'), parseTtlSeconds('7d')]).toEqual([90, 90, 1800, 43200, 604800]);
    expect(parseTtlSeconds('1.5h')).toBeUndefined();
  });
});
