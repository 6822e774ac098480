import { eventHash, GENESIS_HASH } from '@app/event-store';
import { checkpointPayload, AuditPublicKey } from './audit-signing';
import { EXPORT_FORMAT, exportEndPayload } from './event-export';
import { chainHash, GENESIS_CHAIN_HASH, isSha256Hex } from './log-chain';

/** Why an export did not verify. */
export type ExportBreakReason =
  | 'malformed'
  | 'key_mismatch'
  | 'hash_mismatch'
  | 'broken_link'
  | 'missing_event'
  | 'chain_mismatch'
  | 'checkpoint_mismatch'
  | 'bad_signature'
  | 'truncated';

/** The offline verifier's answer. */
export interface ExportVerification {
  readonly ok: boolean;
  readonly lines: number;
  readonly events: number;
  readonly checkpoints: number;
  /** How the chain value before the first event is known: from the start of the log, a signed checkpoint, or not at all. */
  readonly anchored: 'genesis' | 'checkpoint' | 'unsigned';
  /** Position of the last event covered by a verified signed checkpoint of the log. */
  readonly signedThroughPosition?: number;
  readonly firstBadLine?: number;
  readonly position?: number;
  readonly reason?: ExportBreakReason;
  readonly message: string;
}

type Json = Record<string, unknown>;

class Bad extends Error {
  constructor(
    readonly reason: ExportBreakReason,
    message: string,
    readonly position?: number,
  ) {
    super(message);
  }
}

const num = (line: Json, field: string): number => {
  const value = line[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Bad('malformed', `${field} must be an integer`);
  return value;
};
const str = (line: Json, field: string): string => {
  const value = line[field];
  if (typeof value !== 'string') throw new Bad('malformed', `${field} must be a string`);
  return value;
};

/**
 * Verifies an audit export (NDJSON from `GET /audit/events`) offline, with nothing but the
 * engine's public key: recomputes every event's hash from its fields and the global chain from
 * the header's starting value, checks stream continuity inside the file, the signature and place
 * of every checkpoint, and the signed last line (so a cut or edited file fails). Answers with
 * the first bad line and the position it names.
 *
 * @example
 * const result = await verifyExport(readLines('export.ndjson'), AuditPublicKey.parse(pem));
 * process.exitCode = result.ok ? 0 : 1;
 */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, key: AuditPublicKey): Promise<ExportVerification> {
  let lineNo = 0;
  let events = 0;
  let checkpoints = 0;
  let anchored: ExportVerification['anchored'] = 'unsigned';
  let header: Json | undefined;
  let ended = false;
  let chain = GENESIS_CHAIN_HASH;
  let chainBefore = GENESIS_CHAIN_HASH;
  let ordinal = 0;
  let lastPosition: number | undefined;
  let signedThrough: number | undefined;
  const streams = new Map<string, Map<number, { prevHash: string; hash: string }>>();
  const result = (extra: Partial<ExportVerification> & { ok: boolean; message: string }): ExportVerification => ({
    lines: lineNo,
    events,
    checkpoints,
    anchored,
    ...(signedThrough !== undefined ? { signedThroughPosition: signedThrough } : {}),
    ...extra,
  });

  try {
    for await (const raw of lines) {
      lineNo += 1;
      const text = raw.trim();
      if (text === '') continue;
      if (ended) throw new Bad('malformed', 'there is more after the signed last line');
      let line: Json;
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        line = parsed as Json;
      } catch {
        throw new Bad('malformed', 'not a JSON object');
      }
      if (!header) {
        if (line.kind !== 'header' || line.format !== EXPORT_FORMAT) throw new Bad('malformed', `the first line must be the ${EXPORT_FORMAT} header`);
        header = line;
        const published = (line.publicKey as Json | undefined)?.keyId;
        if (published !== key.keyId) throw new Bad('key_mismatch', `the export was made with key ${String(published)}, not the given key ${key.keyId}`);
        chainBefore = str(line, 'chainBefore');
        chain = chainBefore;
        const fromOrdinal = num(line, 'fromOrdinal');
        ordinal = fromOrdinal - 1;
        if (fromOrdinal === 1) {
          if (chainBefore !== GENESIS_CHAIN_HASH) throw new Bad('chain_mismatch', 'an export from the first event must start from the genesis chain value');
          anchored = 'genesis';
        } else if (line.anchorCheckpoint) {
          const anchor = line.anchorCheckpoint as Json;
          checkSignature(anchor, key);
          if (num(anchor, 'eventCount') !== fromOrdinal - 1 || anchor.chainHash !== chainBefore) {
            throw new Bad('checkpoint_mismatch', 'the anchor checkpoint does not state the chain value the export starts from', num(anchor, 'position'));
          }
          anchored = 'checkpoint';
          signedThrough = num(anchor, 'position');
        }
        continue;
      }
      switch (line.kind) {
        case 'event': {
          const position = num(line, 'position');
          const lineOrdinal = num(line, 'ordinal');
          if (lineOrdinal !== ordinal + 1) {
            throw new Bad(lineOrdinal > ordinal + 1 ? 'missing_event' : 'chain_mismatch', `expected event ${ordinal + 1} of the log, found event ${lineOrdinal}`, position);
          }
          const hash = str(line, 'hash');
          const prevHash = str(line, 'prevHash');
          const streamId = str(line, 'streamId');
          const version = num(line, 'version');
          const recomputed = eventHash(prevHash, {
            eventId: str(line, 'eventId'),
            streamId,
            version,
            type: str(line, 'type'),
            schemaVersion: num(line, 'schemaVersion'),
            data: line.data,
            metadata: line.metadata,
            recordedAt: str(line, 'recordedAt'),
          });
          if (recomputed !== hash) throw new Bad('hash_mismatch', `${streamId} v${version}: its fields do not give its hash`, position);
          checkStreamLink(streams, streamId, version, prevHash, hash, position);
          chain = chainHash(chain, hash, position);
          if (!isSha256Hex(line.chainHash) || line.chainHash !== chain) throw new Bad('chain_mismatch', `the global chain after event ${lineOrdinal} differs from the recomputed one`, position);
          ordinal = lineOrdinal;
          lastPosition = position;
          events += 1;
          break;
        }
        case 'checkpoint': {
          const position = num(line, 'position');
          checkSignature(line, key);
          if (num(line, 'eventCount') !== ordinal || position !== lastPosition || line.chainHash !== chain) {
            throw new Bad('checkpoint_mismatch', `checkpoint ${String(line.id)} signed another chain head than the events before it give`, position);
          }
          checkpoints += 1;
          signedThrough = position;
          break;
        }
        case 'end': {
          const end = {
            fromOrdinal: num(line, 'fromOrdinal'),
            toOrdinal: num(line, 'toOrdinal'),
            eventCount: num(line, 'eventCount'),
            chainBefore: str(line, 'chainBefore'),
            chainHash: str(line, 'chainHash'),
            exportedAt: str(line, 'exportedAt'),
            keyId: str(line, 'keyId'),
          };
          if (end.keyId !== key.keyId || !key.verify(exportEndPayload(end), str(line, 'signature'))) {
            throw new Bad('bad_signature', 'the signature of the last line does not verify with the given key');
          }
          if (end.eventCount !== events || end.toOrdinal !== ordinal || end.chainHash !== chain || end.chainBefore !== chainBefore || end.fromOrdinal !== num(header, 'fromOrdinal')) {
            throw new Bad('truncated', `the signed last line states ${end.eventCount} events ending at link ${end.toOrdinal}; the file holds ${events} ending at ${ordinal}`);
          }
          ended = true;
          break;
        }
        default:
          throw new Bad('malformed', `unknown line kind ${String(line.kind)}`);
      }
    }
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    return result({
      ok: false,
      firstBadLine: lineNo,
      ...(error.position !== undefined ? { position: error.position } : {}),
      reason: error.reason,
      message: `line ${lineNo}${error.position !== undefined ? ` (position ${error.position})` : ''}: ${error.reason}: ${error.message}`,
    });
  }
  if (!header || !ended) {
    return result({ ok: false, firstBadLine: lineNo + 1, reason: 'truncated', message: `line ${lineNo + 1}: truncated: the file ends before its signed last line` });
  }
  const anchoring = anchored === 'genesis' ? 'from the first event of the log' : anchored === 'checkpoint' ? 'from a signed checkpoint' : 'from an unsigned starting value';
  return result({
    ok: true,
    message: `ok: ${events} events, ${checkpoints} signed checkpoints verified, chained ${anchoring}${signedThrough !== undefined ? `; signed through position ${signedThrough}` : ''}`,
  });
}

/**
 * Links between two versions of a stream are checked when both are in the file, in whichever
 * order they come: log order is commit order, which may put a later version first (ADR 1).
 * A version whose neighbour is outside the range is vouched for by the global chain.
 */
function checkStreamLink(
  streams: Map<string, Map<number, { prevHash: string; hash: string }>>,
  streamId: string,
  version: number,
  prevHash: string,
  hash: string,
  position: number,
): void {
  let versions = streams.get(streamId);
  if (!versions) {
    versions = new Map();
    streams.set(streamId, versions);
  }
  if (versions.has(version)) throw new Bad('broken_link', `${streamId} holds version ${version} twice`, position);
  if (version === 1 && prevHash !== GENESIS_HASH) throw new Bad('broken_link', `${streamId} v1 must chain to the genesis hash`, position);
  const before = versions.get(version - 1);
  if (before && before.hash !== prevHash) throw new Bad('broken_link', `${streamId} v${version} does not chain to v${version - 1}`, position);
  const after = versions.get(version + 1);
  if (after && after.prevHash !== hash) throw new Bad('broken_link', `${streamId} v${version + 1} does not chain to v${version}`, position);
  versions.set(version, { prevHash, hash });
}

function checkSignature(line: Json, key: AuditPublicKey): void {
  const body = {
    position: num(line, 'position'),
    transactionId: str(line, 'transactionId'),
    eventCount: num(line, 'eventCount'),
    chainHash: str(line, 'chainHash'),
    createdAt: str(line, 'createdAt'),
  };
  if (line.keyId !== key.keyId || !key.verify(checkpointPayload(body), str(line, 'signature'))) {
    throw new Bad('bad_signature', `checkpoint ${String(line.id)} is not signed by the given key`, body.position);
  }
}
