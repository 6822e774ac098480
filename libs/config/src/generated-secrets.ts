import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineConfig } from './engine-config';

interface SecretsFile {
  authJwtSecret?: string;
  financeWebhookSecret?: string;
  dataKeyEncryptionKey?: string;
}

/** Where secrets generated for development are kept. */
export function secretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

/**
 * Fills the secrets an operator did not configure, with development features only (a server
 * start never generates one: `parseConfig` refuses to start without them). Each is generated
 * once, kept in `DATA_DIR/secrets.json` (mode 600) and reused on every start, so tokens minted
 * by `npm run cli -- token` stay valid across restarts.
 *
 * @example
 * const config = withGeneratedSecrets(parseConfig(process.env));
 */
export function withGeneratedSecrets(config: EngineConfig): EngineConfig {
  if (!config.devFeatures) return config;
  const needsAuth = config.auth.algorithm === 'HS256' && !config.auth.secret;
  if (!needsAuth && config.financeWebhookSecret && config.dataKeyEncryption.key) return config;
  const path = secretsPath(config.dataDir);
  let stored: SecretsFile = {};
  if (existsSync(path)) stored = JSON.parse(readFileSync(path, 'utf8')) as SecretsFile;
  let changed = false;
  if (needsAuth && !stored.authJwtSecret) {
    stored.authJwtSecret = randomBytes(48).toString('base64url');
    changed = true;
  }
  if (!config.financeWebhookSecret && !stored.financeWebhookSecret) {
    stored.financeWebhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    changed = true;
  }
  // The key-encryption key of stored keys: losing this file loses the personal data it wraps.
  if (!config.dataKeyEncryption.key && !stored.dataKeyEncryptionKey) {
    stored.dataKeyEncryptionKey = randomBytes(32).toString('base64');
    changed = true;
  }
  if (changed) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return {
    ...config,
    auth: needsAuth ? { ...config.auth, secret: stored.authJwtSecret } : config.auth,
    financeWebhookSecret: config.financeWebhookSecret ?? stored.financeWebhookSecret,
    dataKeyEncryption: { ...config.dataKeyEncryption, key: config.dataKeyEncryption.key ?? stored.dataKeyEncryptionKey },
  };
}
