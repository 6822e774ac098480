import { createHash } from 'node:crypto';

/** The chain value before the first event of the log. */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * One link of the global chain over the log, in log order:
 * `chain_n = SHA-256(chain_{n-1} ‖ event.hash ‖ position)`, the two hashes as their 32 raw bytes
 * and the position as an unsigned 64-bit big-endian integer. The position is in the link so
 * that two events exchanging their places (even of different streams, which the per-stream
 * chains cannot see) change the chain from the first of them on.
 *
 * @example
 * const c1 = chainHash(GENESIS_CHAIN_HASH, event.hash, event.position);
 */
export function chainHash(previous: string, eventHash: string, position: number): string {
  const bytes = Buffer.allocUnsafe(72);
  // A stored value that is not 64 hex digits (tampered) must still give a defined, different
  // link rather than silently reusing stale buffer bytes.
  if (!HEX_64.test(previous) || !HEX_64.test(eventHash)) {
    return createHash('sha256').update(`invalid:${previous}:${eventHash}:${position}`).digest('hex');
  }
  bytes.write(previous, 0, 32, 'hex');
  bytes.write(eventHash, 32, 32, 'hex');
  bytes.writeBigUInt64BE(BigInt(position), 64);
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * True when a string is a lowercase hex SHA-256.
 *
 * @example
 * isSha256Hex('0'.repeat(64)); // true
 */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && HEX_64.test(value);
}
