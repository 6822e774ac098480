import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/event-store';

/**
 * SHA-256 (hex) of the canonical JSON of a folded state. Golden files store it, so a change of
 * code that would replay recorded history into another state fails the build.
 *
 * @example
 * stateHash(replayProject(events, schemas)); // '3f0c…'
 */
export function stateHash(state: unknown): string {
  return createHash('sha256').update(canonicalJson(state), 'utf8').digest('hex');
}
