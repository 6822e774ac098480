import { join } from 'node:path';
import { parseConfig } from '@app/config';
import { findConsoleDir } from './console-files';
import { devControllers } from './console.module';
import { DevSignInController } from './dev-sign-in.controller';
import { DevTreasuryController } from './dev-treasury.controller';

const SECRETS = { DATA_KEY_ENCRYPTION_KEY: 'q1pmcmZFyR0TpFzfmQ7oyDdsX0HqUH1J3U3m0Vb0LZQ=', AUTH_JWT_ISSUER: 'https://id.example.vn', AUTH_JWT_AUDIENCE: 'grants-engine', AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!', FINANCE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

describe('the console module', () => {
  it('registers the development sign-in and treasury with development features', () => {
    expect(devControllers(parseConfig(SECRETS))).toEqual([DevSignInController, DevTreasuryController]);
    expect(devControllers(parseConfig({ ...SECRETS, DATABASE_URL: 'postgres://db/grants', DEV_FEATURES: 'on' }))).toEqual([DevSignInController, DevTreasuryController]);
  });

  it('never registers them on a server start, whatever the secrets', () => {
    expect(devControllers(parseConfig({ ...SECRETS, AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----', DATABASE_URL: 'postgres://db/grants' }))).toEqual([]);
    expect(devControllers(parseConfig({ ...SECRETS, AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----', DEV_FEATURES: 'off' }))).toEqual([]);
  });

  it('offers no development sign-in when it could not sign tokens the engine accepts', () => {
    const config = parseConfig({ FINANCE_WEBHOOK_SECRET: SECRETS.FINANCE_WEBHOOK_SECRET });
    expect(devControllers(config)).toEqual([DevTreasuryController]);
  });

  it('finds the built console in dist/console of the repository, from the sources or from dist', () => {
    const root = join(__dirname, '../../../..');
    expect(findConsoleDir(__dirname)).toBe(join(root, 'dist/console'));
    expect(findConsoleDir(join(root, 'dist/apps/api/src/console'))).toBe(join(root, 'dist/console'));
  });
});
