import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditKeyError, AuditPublicKey, AuditSigner, auditKeyPath, checkpointPayload, loadAuditSigner } from './audit-signing';
import { chainHash, GENESIS_CHAIN_HASH } from './log-chain';

const body = { position: 1042, transactionId: '901', eventCount: 1000, chainHash: 'a'.repeat(64), createdAt: '2026-04-01T00:00:00.000Z' };

describe('the global chain link', () => {
  it('binds the previous link, the event hash and the position', () => {
    const hash = 'b'.repeat(64);
    const link = chainHash(GENESIS_CHAIN_HASH, hash, 7);
    expect(link).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_CHAIN_HASH, hash, 8)).not.toBe(link);
    expect(chainHash(link, hash, 7)).not.toBe(link);
    expect(chainHash(GENESIS_CHAIN_HASH, 'c'.repeat(64), 7)).not.toBe(link);
    expect(chainHash(GENESIS_CHAIN_HASH, 'not hex', 7)).not.toBe(chainHash(GENESIS_CHAIN_HASH, 'not hex!', 7));
  });
});

describe('checkpoint signatures', () => {
  it('sign exactly the five fields and verify only with the same key', () => {
    const signer = AuditSigner.generate();
    const signed = signer.signCheckpoint(body);
    expect(checkpointPayload(signed)).toBe(checkpointPayload(body));
    expect(signer.publicKey.verifyCheckpoint(signed)).toBe(true);
    for (const change of [{ position: 1043 }, { eventCount: 999 }, { chainHash: 'b'.repeat(64) }, { createdAt: '2026-04-01T00:00:00.001Z' }, { transactionId: '902' }]) {
      expect(signer.publicKey.verifyCheckpoint({ ...signed, ...change })).toBe(false);
    }
    expect(AuditSigner.generate().publicKey.verifyCheckpoint(signed)).toBe(false);
  });

  it('reads a public key as PEM, raw base64 or DER base64', () => {
    const key = AuditSigner.generate().publicKey;
    const der = key.key.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const form of [key.pem, key.base64, der, key.pem.replace(/\n/g, '\\n')]) expect(AuditPublicKey.parse(form).keyId).toBe(key.keyId);
    expect(() => AuditPublicKey.parse('not a key')).toThrow(AuditKeyError);
  });

  it('generates a development key once in DATA_DIR (mode 600) and requires one in production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-audit-'));
    const first = loadAuditSigner({ dataDir, production: false });
    const second = loadAuditSigner({ dataDir, production: false });
    expect(second.publicKey.keyId).toBe(first.publicKey.keyId);
    expect(statSync(auditKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(auditKeyPath(dataDir), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(() => loadAuditSigner({ dataDir, production: true })).toThrow(/AUDIT_SIGNING_KEY is required in production/);
    const configured = loadAuditSigner({ pem: first.exportPem(), dataDir: '/nonexistent', production: true });
    expect(configured.publicKey.keyId).toBe(first.publicKey.keyId);
    expect(() => AuditSigner.fromPem('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----')).toThrow(AuditKeyError);
  });
});
