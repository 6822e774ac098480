/**
 * Upcasters of stored events, by event type: entry `i` turns schema version `i + 1` into
 * `i + 2`. Stored events are never rewritten; readers upcast them one version at a time, so a
 * new event shape is introduced by adding an upcaster here (with a golden-file test), never by
 * changing an old one.
 *
 * @example
 * // ProposalScored v1 had no weights: v2 adds them.
 * // ProposalScored: [(v1) => ({ ...(v1 as object), weights: 'equal' })],
 */
export const EVENT_UPCASTERS: Readonly<Record<string, readonly ((data: unknown) => unknown)[]>> = {};
