import { parseConfig } from '@app/config';
import { createTokenVerifier } from '@app/runtime';
import { parseArgs } from './args';
import { mintDevelopmentToken, UsageError } from './token-command';

const SECRET = 'a-development-secret-long-enough-for-hs256';
const ISSUER = 'https://idp.example.test/realms/grants';
const AUDIENCE = 'grants-engine';

const optionsOf = (line: string) => parseArgs(['token', ...line.split(' ')]).options;
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('mintDevelopmentToken', () => {
  it('signs with the configured issuer and audience, which the engine then requires and accepts', async () => {
    const config = parseConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE });
    const token = mintDevelopmentToken(config, optionsOf('--role officer --sub u1 --areas 80,27694 --ttl 1h'));
    expect(claimsOf(token)).toMatchObject({ sub: 'u1', roles: ['officer'], areas: ['80', '27694'], iss: ISSUER, aud: AUDIENCE });
    await expect(createTokenVerifier(config.auth)(token)).resolves.toMatchObject({ id: 'u1', areas: ['80', '27694'] });
  });

  it('carries a decision level with --authority, which the engine reads into the caller', async () => {
    const config = parseConfig({ AUTH_JWT_SECRET: SECRET });
    const token = mintDevelopmentToken(config, optionsOf('--role approver --sub u3 --authority people_committee --ttl 1h'));
    expect(claimsOf(token)).toMatchObject({ sub: 'u3', authority: 'people_committee' });
    await expect(createTokenVerifier(config.auth)(token)).resolves.toMatchObject({ id: 'u3', authority: 'people_committee' });
    expect(claimsOf(mintDevelopmentToken(config, optionsOf('--role approver --sub u4 --ttl 1h')))).not.toHaveProperty('authority');
    expect(() => mintDevelopmentToken(config, optionsOf('--role approver --sub u3 --authority governor --ttl 1h'))).toThrow(/--authority must be one of department, people_committee, ministry/);
  });

  it('takes --iss and --aud over the configuration', () => {
    const config = parseConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: ISSUER });
    const token = mintDevelopmentToken(config, optionsOf('--role approver --sub u2 --iss https://other.test --aud console'));
    expect(claimsOf(token)).toMatchObject({ iss: 'https://other.test', aud: 'console' });
  });

  it('refuses a lifetime the engine would refuse, unknown roles and production', () => {
    const config = parseConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_MAX_TTL: '2h' });
    expect(() => mintDevelopmentToken(config, optionsOf('--role officer --sub u1 --ttl 3h'))).toThrow(/AUTH_JWT_MAX_TTL/);
    expect(() => mintDevelopmentToken(config, optionsOf('--role officer --sub u1'))).toThrow(UsageError);
    expect(() => mintDevelopmentToken(config, optionsOf('--role officer,superuser --sub u1 --ttl 1h'))).toThrow(/unknown: superuser/);
    expect(() => mintDevelopmentToken({ ...config, production: true }, optionsOf('--role officer --sub u1 --ttl 1h'))).toThrow(/identity provider/);
    expect(claimsOf(mintDevelopmentToken(config, optionsOf('--role officer --sub u1 --ttl 2h')))).toMatchObject({ sub: 'u1' });
  });
});
