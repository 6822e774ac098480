import { join } from 'node:path';
import { parseConfig } from '@app/config';
import { findConsoleDir } from './console-files';
import { devControllers } from './console.module';
import { DevSignInController } from './dev-sign-in.controller';
import { DevTreasuryController } from './dev-treasury.controller';

const SECRETS = { AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!', FINANCE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

describe('the console module', () => {
  it('registers the development sign-in and treasury outside production', () => {
    expect(devControllers(parseConfig(SECRETS))).toEqual([DevSignInController, DevTreasuryController]);
  });

  it('never registers them in production, whatever the secrets', () => {
    const config = { ...parseConfig(SECRETS), production: true };
    expect(devControllers(config)).toEqual([]);
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
