import { SqlExecutor } from '@app/event-store';
import { Break } from './audit-breaks';
import { AuditRecords, StoredCheckpoint } from './audit-records';
import { AuditPublicKey } from './audit-signing';

// The signed checkpoints' side of verification: signatures, their place in the chain, and the tail.

/** A checkpoint not signed by the key, as a break. */
function badSignature(checkpoint: StoredCheckpoint, publicKey: AuditPublicKey): Break | undefined {
  if (publicKey.verifyCheckpoint(checkpoint)) return undefined;
  return { position: checkpoint.position, reason: 'bad_signature', detail: `checkpoint ${checkpoint.id} is not signed by key ${publicKey.keyId}` };
}

/**
 * Checks a checkpoint at its place in the walk: its signature, then that it signed this event
 * count, position and chain value.
 *
 * @example
 * const broken = checkCheckpoint(publicKey, checkpoint, ordinal, position, chain);
 */
export function checkCheckpoint(publicKey: AuditPublicKey, checkpoint: StoredCheckpoint, ordinal: number, position: number, chain: string): Break | undefined {
  const unsigned = badSignature(checkpoint, publicKey);
  if (unsigned) return unsigned;
  if (checkpoint.eventCount !== ordinal || checkpoint.position !== position || checkpoint.chainHash !== chain) {
    return {
      position: checkpoint.position,
      reason: 'checkpoint_mismatch',
      detail: `checkpoint ${checkpoint.id} signed event ${checkpoint.eventCount} at position ${checkpoint.position}; the log recomputes another chain there`,
    };
  }
  return undefined;
}

/** Where the walk ended: events counted, the last and the highest position seen. */
export interface WalkEnd {
  readonly count: number;
  readonly lastPosition: number;
  readonly highestPosition: number;
}

/**
 * After the last event: the chain and the checkpoints must not know of more events.
 *
 * @example
 * const broken = await checkTail(sql, publicKey, { count, lastPosition, highestPosition }, head.ordinal, checkpoints.slice(next));
 */
export async function checkTail(
  sql: SqlExecutor,
  publicKey: AuditPublicKey,
  end: WalkEnd,
  chainedAtStart: number,
  remaining: readonly StoredCheckpoint[],
): Promise<Break | undefined> {
  const { count, lastPosition, highestPosition } = end;
  for (const checkpoint of remaining) {
    const unsigned = badSignature(checkpoint, publicKey);
    if (unsigned) return unsigned;
  }
  // What the chain and the checkpoints knew when the walk began was all visible to the walk;
  // links added since may cover events committed after it and prove nothing missing.
  const promised = Math.max(chainedAtStart, ...remaining.map((c) => c.eventCount));
  if (promised <= count) return undefined;
  const firstMissing = await AuditRecords.linkAt(sql, count + 1);
  const signed = remaining[remaining.length - 1];
  // Without its chain link the first missing event's position is unknown: positions are
  // handed out in order, so it is at least the one after the highest that is left (within the
  // signed range); refused appends leave gaps in positions, so it may be higher.
  const position = firstMissing?.position ?? Math.min(highestPosition + 1, signed?.position ?? highestPosition + 1);
  const by = signed && signed.eventCount === promised ? `signed checkpoint ${signed.id} (${signed.createdAt}) covers` : 'the chain covers';
  return {
    position,
    reason: 'truncated',
    detail: `the log ends after ${count} events (position ${lastPosition}) but ${by} ${promised} events up to position ${signed?.position ?? position}`,
  };
}
