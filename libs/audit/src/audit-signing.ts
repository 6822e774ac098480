import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@app/event-store';

/** What a checkpoint states about the head of the global chain; exactly these fields are signed. */
export interface CheckpointBody {
  /** Position of the last event the checkpoint covers. */
  readonly position: number;
  /** Transaction id of that event (decimal xid8), so the checkpoint names a place in log order. */
  readonly transactionId: string;
  /** Number of events in the log up to and including it (its ordinal in log order). */
  readonly eventCount: number;
  /** The global chain value after that event. */
  readonly chainHash: string;
  /** ISO-8601 UTC instant at which the checkpoint was signed. */
  readonly createdAt: string;
}

/** A checkpoint with its Ed25519 signature (base64) and the id of the key that made it. */
export interface SignedCheckpoint extends CheckpointBody {
  readonly keyId: string;
  readonly signature: string;
}

/**
 * The bytes a checkpoint signature covers: the canonical JSON of its five fields.
 *
 * @example
 * checkpointPayload({ position: 1000, transactionId: '812', eventCount: 1000, chainHash, createdAt });
 */
export function checkpointPayload(body: CheckpointBody): string {
  return canonicalJson({
    position: body.position,
    transactionId: body.transactionId,
    eventCount: body.eventCount,
    chainHash: body.chainHash,
    createdAt: body.createdAt,
  });
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A key that is not an Ed25519 key in a form we read. */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

/**
 * The public half of the audit signing key: verifies checkpoints and export trailers. Accepts
 * a PEM (`-----BEGIN PUBLIC KEY-----`), the base64 of the raw 32-byte key, or the base64 of the
 * DER SubjectPublicKeyInfo.
 *
 * @example
 * const key = AuditPublicKey.parse(readFileSync('audit-public-key.pem', 'utf8'));
 * key.verifyCheckpoint(checkpoint); // true
 */
export class AuditPublicKey {
  readonly keyId: string;
  readonly pem: string;
  /** The raw 32-byte key, base64. */
  readonly base64: string;

  constructor(readonly key: KeyObject) {
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') throw new AuditKeyError('the audit key must be an Ed25519 public key');
    const der = key.export({ format: 'der', type: 'spki' });
    const raw = der.subarray(ED25519_SPKI_PREFIX.length);
    this.base64 = raw.toString('base64');
    this.keyId = `ed25519:${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
    this.pem = String(key.export({ format: 'pem', type: 'spki' }));
  }

  static parse(text: string): AuditPublicKey {
    const value = text.replace(/\\n/g, '\n').trim();
    try {
      if (value.includes('BEGIN PUBLIC KEY')) return new AuditPublicKey(createPublicKey(value));
      if (value.includes('BEGIN PRIVATE KEY')) return new AuditPublicKey(createPublicKey(createPrivateKey(value)));
      const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      const der = bytes.length === 32 ? Buffer.concat([ED25519_SPKI_PREFIX, bytes]) : bytes;
      return new AuditPublicKey(createPublicKey({ key: der, format: 'der', type: 'spki' }));
    } catch (error) {
      if (error instanceof AuditKeyError) throw error;
      throw new AuditKeyError('not an Ed25519 public key (PEM, base64 of the 32-byte key, or base64 DER)');
    }
  }

  verify(payload: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(payload, 'utf8'), this.key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  /** True when the checkpoint was signed by this key and its fields are the ones signed. */
  verifyCheckpoint(checkpoint: SignedCheckpoint): boolean {
    return checkpoint.keyId === this.keyId && this.verify(checkpointPayload(checkpoint), checkpoint.signature);
  }

  /** How the key is published (`GET /audit/checkpoints`, export headers). */
  describe(): { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string; publicKeyBase64: string } {
    return { algorithm: 'Ed25519', keyId: this.keyId, publicKeyPem: this.pem, publicKeyBase64: this.base64 };
  }
}

/**
 * The Ed25519 key that signs checkpoints of the global chain and the trailers of exports.
 *
 * @example
 * const signer = AuditSigner.generate();
 * const checkpoint = signer.signCheckpoint({ position: 7, transactionId: '901', eventCount: 7, chainHash, createdAt });
 */
export class AuditSigner {
  readonly publicKey: AuditPublicKey;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new AuditKeyError('the audit signing key must be an Ed25519 private key');
    this.publicKey = new AuditPublicKey(createPublicKey(privateKey));
  }

  static fromPem(pem: string): AuditSigner {
    try {
      return new AuditSigner(createPrivateKey(pem.replace(/\\n/g, '\n')));
    } catch (error) {
      if (error instanceof AuditKeyError) throw error;
      throw new AuditKeyError('AUDIT_SIGNING_KEY is not a PEM private key');
    }
  }

  static generate(): AuditSigner {
    return new AuditSigner(generateKeyPairSync('ed25519').privateKey);
  }

  /** The private key as PKCS#8 PEM (to store it). */
  exportPem(): string {
    return String(this.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  }

  /** Base64 Ed25519 signature of the UTF-8 payload. */
  sign(payload: string): string {
    return sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64');
  }

  signCheckpoint(body: CheckpointBody): SignedCheckpoint {
    return { ...pickBody(body), keyId: this.publicKey.keyId, signature: this.sign(checkpointPayload(body)) };
  }
}

function pickBody(body: CheckpointBody): CheckpointBody {
  return { position: body.position, transactionId: body.transactionId, eventCount: body.eventCount, chainHash: body.chainHash, createdAt: body.createdAt };
}

/**
 * Where a development signing key is kept, generated once.
 *
 * @example
 * auditKeyPath('./data'); // 'data/audit-signing-key.pem'
 */
export function auditKeyPath(dataDir: string): string {
  return join(dataDir, 'audit-signing-key.pem');
}

export interface AuditKeySource {
  /** `AUDIT_SIGNING_KEY`: a PEM Ed25519 private key. */
  readonly pem?: string;
  readonly dataDir: string;
  readonly production: boolean;
}

/**
 * The configured signing key, or outside production one generated once in `DATA_DIR`
 * (mode 600) and reused on every start, so checkpoints stay verifiable across restarts.
 * Several processes starting together agree on one key: the file is published with an
 * exclusive link, and the loser reads the winner's key.
 *
 * @example
 * const signer = loadAuditSigner({ pem: config.audit.signingKey, dataDir: config.dataDir, production: config.production });
 */
export function loadAuditSigner(source: AuditKeySource): AuditSigner {
  if (source.pem) return AuditSigner.fromPem(source.pem);
  if (source.production) throw new AuditKeyError('AUDIT_SIGNING_KEY is required in production (an Ed25519 private key in PEM)');
  const path = auditKeyPath(source.dataDir);
  if (existsSync(path)) return AuditSigner.fromPem(readFileSync(path, 'utf8'));
  mkdirSync(source.dataDir, { recursive: true });
  const signer = AuditSigner.generate();
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, signer.exportPem(), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return AuditSigner.fromPem(readFileSync(path, 'utf8'));
}

/**
 * Loads the signing key once, when first needed, so processes that never sign or verify (and
 * tests that never reach a checkpoint) create no key file.
 *
 * @example
 * const keys = new AuditKeyring({ pem: config.audit.signingKey, dataDir: config.dataDir, production: config.production });
 * keys.publicKey().keyId; // 'ed25519:…'
 */
export class AuditKeyring {
  private loaded: AuditSigner | undefined;

  constructor(private readonly source: AuditKeySource) {}

  signer(): AuditSigner {
    this.loaded ??= loadAuditSigner(this.source);
    return this.loaded;
  }

  publicKey(): AuditPublicKey {
    return this.signer().publicKey;
  }
}
