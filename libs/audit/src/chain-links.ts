import { SqlExecutor } from '@app/event-store';
import { Break } from './audit-breaks';
import { AuditRecords } from './audit-records';

// The global chain's side of verification: each event's stored link against the recomputed chain.

/** A stored link of the global chain. @example { ordinal: 12, chainHash: 'c0ffee…' } */
export interface Link {
  readonly ordinal: number;
  readonly chainHash: string;
}

/**
 * The stored link of the event at a position (off the batch's range: only after tampering).
 *
 * @example
 * const link = await linkOf(sql, 42); // { ordinal: 12, chainHash: '…' }
 */
export async function linkOf(sql: SqlExecutor, position: number): Promise<Link | undefined> {
  const res = await sql.query<{ ordinal: string | number; chain_hash: string }>('SELECT ordinal, chain_hash FROM audit_chain WHERE position = $1', [position]);
  const row = res.rows[0];
  return row ? { ordinal: Number(row.ordinal), chainHash: row.chain_hash } : undefined;
}

/**
 * Compares the recomputed chain with the link stored for this event. When the link belongs to
 * another place in the chain, the break is named at the position the chain recorded for this
 * place: the event that should be here, whether it was deleted or moved.
 *
 * @example
 * const broken = await checkLink(sql, link, 42, 12, chain, head.ordinal);
 */
export async function checkLink(
  sql: SqlExecutor,
  link: Link | undefined,
  position: number,
  ordinal: number,
  chain: string,
  chainedAtStart: number,
): Promise<Break | undefined> {
  if (!link) {
    if (ordinal > chainedAtStart) return undefined;
    const expected = await AuditRecords.linkAt(sql, ordinal);
    return {
      position: expected?.position ?? position,
      reason: 'unchained_event',
      detail: `the event at position ${position} has no link in the chain, which already covers ${chainedAtStart} events`,
    };
  }
  const storedOrdinal = link.ordinal;
  if (storedOrdinal === ordinal) {
    return link.chainHash === chain
      ? undefined
      : { position, reason: 'chain_mismatch', detail: `the chain after event ${ordinal} (position ${position}) differs from the stored link` };
  }
  const expected = await AuditRecords.linkAt(sql, ordinal);
  if (!expected) {
    return { position, reason: 'missing_event', detail: `the chain link of event ${ordinal} is gone; found the event of link ${storedOrdinal} in its place` };
  }
  const stillThere = await sql.query('SELECT 1 FROM events WHERE position = $1', [expected.position]);
  if (stillThere.rows.length === 0 && storedOrdinal > ordinal) {
    return { position: expected.position, reason: 'missing_event', detail: `event ${ordinal} of the log (position ${expected.position}) is gone` };
  }
  return {
    position: expected.position,
    reason: 'chain_mismatch',
    detail: `event ${ordinal} of the log should be at position ${expected.position}; found the event at position ${position} (link ${storedOrdinal}) in its place`,
  };
}
