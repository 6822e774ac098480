// How the verifier names what it found broken.

/** Why the verifier stopped. */
export type BreakReason =
  /** An event's stored fields no longer give its stored hash (a changed byte). */
  | 'hash_mismatch'
  /** An event does not chain to the previous event of its stream (prevHash or version order). */
  | 'broken_link'
  /** An event the chain or its stream's versions say existed is gone. */
  | 'missing_event'
  /** The recomputed global chain disagrees with the stored one (events reordered or replaced). */
  | 'chain_mismatch'
  /** An event sits inside the chained part of the log without a chain link (inserted later). */
  | 'unchained_event'
  /** A signed checkpoint does not match the recomputed chain at its place. */
  | 'checkpoint_mismatch'
  /** A checkpoint's signature does not verify with the engine's public key. */
  | 'bad_signature'
  /** The log is shorter than a signed checkpoint or the chain says it was. */
  | 'truncated';

/** The first broken place the verifier found. @example { position: 42, reason: 'hash_mismatch', detail: '…' } */
export interface Break {
  readonly position: number;
  readonly reason: BreakReason;
  readonly detail: string;
}
