import { canonicalJson } from '@app/event-store/canonical-json';
import type { HistoryEvent } from './api/types';

/** The `prevHash` of a stream's first event (ADR 2). */
const GENESIS_HASH = '0'.repeat(64);

export type ChainCheck = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly version: number } | { readonly unsupported: true };

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Recomputes a stream's hash chain in the browser, as ADR 2 defines it: `hash = SHA-256(prevHash
 * bytes ‖ canonical JSON of the event)`, with the engine's own canonical JSON. Any change to a
 * stored event, or a missing or reordered one, breaks the chain at that version.
 *
 * @example
 * await verifyStreamChain(`project-${id}`, history.items); // { ok: true, count: 12 }
 */
export async function verifyStreamChain(streamId: string, events: readonly HistoryEvent[]): Promise<ChainCheck> {
  // WebCrypto exists only in secure contexts (HTTPS, localhost).
  if (!globalThis.crypto?.subtle) return { unsupported: true };
  const encoder = new TextEncoder();
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const e of events) {
    const json = canonicalJson({
      eventId: e.eventId,
      streamId,
      version: e.version,
      type: e.type,
      schemaVersion: e.schemaVersion,
      // Hashes cover the stored form: personal data sealed, as `storedData` gives it.
      data: e.storedData ?? e.data,
      metadata: e.metadata,
      recordedAt: e.recordedAt,
    });
    const head = hexBytes(prev);
    const body = encoder.encode(json);
    const input = new Uint8Array(head.length + body.length);
    input.set(head);
    input.set(body, head.length);
    const hash = toHex(await crypto.subtle.digest('SHA-256', input));
    if (e.version !== expected || e.prevHash !== prev || hash !== e.hash) return { ok: false, version: e.version };
    prev = e.hash;
    expected += 1;
  }
  return { ok: true, count: events.length };
}
