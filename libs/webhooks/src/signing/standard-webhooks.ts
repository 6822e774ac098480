/**
 * Standard Webhooks v1 (symmetric scheme): HMAC-SHA256 over `{id}.{timestamp}.{body}`,
 * carried in the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers.
 *
 * Written from the specification (standard-webhooks/spec, "Signature scheme" and
 * "Verifying signatures"); used both for outbound deliveries to finance systems and for
 * inbound finance events (`FINANCE_WEBHOOK_SECRET`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that marks a serialised symmetric Standard Webhooks secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The specification requires at least 192 bits of key material. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;

/** The specification caps symmetric secrets at 512 bits. */
export const WEBHOOK_SECRET_MAX_BYTES = 64;

/** Replay window used by the reference implementations (5 minutes, symmetric). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Header names, lower-case as Node delivers them in `IncomingMessage.headers`. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/** Signature identifier of the symmetric scheme; `v1a` (ed25519) is not supported here. */
const SYMMETRIC_VERSION = 'v1';
const GENERATED_SECRET_BYTES = 32;
const HMAC_SHA256_BYTES = 32;
// Standard base64 with optional padding; `+` and `/` only (the spec's serialisation).
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
// Integer Unix seconds; 15 digits keeps the value a safe integer and far beyond year 9999.
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;

/** A secret as configured (`whsec_…` or bare base64) or as already-decoded key bytes. */
export type WebhookSecretInput = string | Uint8Array;

/** Stable machine-readable causes of a failed verification. */
export type WebhookVerificationFailure =
  | 'missing_id'
  | 'missing_timestamp'
  | 'missing_signature'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

const FAILURE_MESSAGES: Readonly<Record<WebhookVerificationFailure, string>> = {
  missing_id: 'Missing webhook-id header',
  missing_timestamp: 'Missing webhook-timestamp header',
  missing_signature: 'Missing webhook-signature header',
  invalid_timestamp: 'webhook-timestamp is not an integer number of Unix seconds',
  timestamp_too_old: 'webhook-timestamp is older than the allowed tolerance',
  timestamp_too_new: 'webhook-timestamp is further in the future than the allowed tolerance',
  no_matching_signature: 'No webhook-signature matches the payload',
};

/**
 * Thrown by {@link verifyWebhook}. `reason` is stable and meant for metrics and tests; the
 * message is for humans and never contains a secret or the expected signature.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(readonly reason: WebhookVerificationFailure) {
    super(FAILURE_MESSAGES[reason]);
  }
}

/** Thrown by {@link parseWebhookSecret} for a malformed secret; the message never echoes it. */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';
}

/**
 * Creates a new symmetric signing secret: `whsec_` + base64 of 32 random bytes.
 *
 * @example
 * const secret = generateWebhookSecret(); // 'whsec_3q2+7w…' (shown to the admin once)
 */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(GENERATED_SECRET_BYTES).toString('base64');
}

/**
 * Decodes a serialised secret into key bytes. The `whsec_` prefix is optional, as in the
 * reference libraries, so operators may paste either form into `FINANCE_WEBHOOK_SECRET`.
 *
 * @throws WebhookSecretError when the value is not base64 or decodes to fewer than 24 or
 *   more than 64 bytes.
 * @example
 * const key = parseWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'); // 24-byte Buffer
 */
export function parseWebhookSecret(secret: string): Buffer {
  const encoded = (
    secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret
  ).trim();
  // Buffer.from(…, 'base64') silently skips invalid characters; a typo must not shrink the key.
  if (encoded.length === 0 || !BASE64_PATTERN.test(encoded)) {
    throw new WebhookSecretError('Webhook secret must be base64, optionally prefixed with "whsec_"');
  }
  return checkKeyLength(Buffer.from(encoded, 'base64'));
}

function checkKeyLength(key: Buffer): Buffer {
  if (key.length < WEBHOOK_SECRET_MIN_BYTES) {
    throw new WebhookSecretError(
      `Webhook secret is too short: ${key.length} bytes, at least ${WEBHOOK_SECRET_MIN_BYTES} required`,
    );
  }
  if (key.length > WEBHOOK_SECRET_MAX_BYTES) {
    throw new WebhookSecretError(
      `Webhook secret is too long: ${key.length} bytes, at most ${WEBHOOK_SECRET_MAX_BYTES} allowed`,
    );
  }
  return key;
}

function toKey(secret: WebhookSecretInput): Buffer {
  return typeof secret === 'string' ? parseWebhookSecret(secret) : checkKeyLength(Buffer.from(secret));
}

/** What {@link signWebhook} signs: one secret, or several while a secret is being rotated. */
export type SignWebhookInput = (
  | { readonly secret: WebhookSecretInput; readonly secrets?: undefined }
  | { readonly secrets: readonly WebhookSecretInput[]; readonly secret?: undefined }
) & {
  /** Message id, stable across retries; must not contain `.`. */
  readonly id: string;
  /** Integer Unix seconds of this attempt. */
  readonly timestamp: number;
  /** The exact body that goes on the wire. */
  readonly body: string | Uint8Array;
};

function signedContent(id: string, timestamp: number | string, body: string | Uint8Array): Buffer {
  const prefix = Buffer.from(`${id}.${timestamp}.`, 'utf8');
  return Buffer.concat([prefix, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

function hmac(key: Buffer, content: Buffer): Buffer {
  return createHmac('sha256', key).update(content).digest();
}

/**
 * Computes the `webhook-signature` header value: one `v1,<base64>` entry per secret,
 * space-delimited, so that during a rotation both the new and the old secret sign.
 *
 * @throws RangeError for an empty or dotted id, a non-integer timestamp or no secret;
 *   WebhookSecretError for a malformed secret.
 * @example
 * const header = signWebhook({
 *   secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
 *   id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
 *   timestamp: 1614265330,
 *   body: '{"test": 2432232314}',
 * }); // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook(input: SignWebhookInput): string {
  // The dot is the field separator of the signed content; a dotted id or timestamp would
  // let one (id, timestamp, body) triple masquerade as another.
  if (input.id.length === 0 || input.id.includes('.')) {
    throw new RangeError('Webhook id must be non-empty and must not contain "."');
  }
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new RangeError('Webhook timestamp must be a non-negative integer number of Unix seconds');
  }
  const secrets = input.secrets ?? (input.secret === undefined ? [] : [input.secret]);
  if (secrets.length === 0) {
    throw new RangeError('At least one webhook secret is required to sign');
  }
  const content = signedContent(input.id, input.timestamp, input.body);
  return secrets
    .map((secret) => `${SYMMETRIC_VERSION},${hmac(toKey(secret), content).toString('base64')}`)
    .join(' ');
}

/**
 * Convenience for senders: the three Standard Webhooks headers for one delivery attempt.
 *
 * @example
 * const headers = buildWebhookHeaders({ secret, id: 'msg_1', timestamp: 1614265330, body });
 * // { 'webhook-id': 'msg_1', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,…' }
 */
export function buildWebhookHeaders(input: SignWebhookInput): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: input.id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(input.timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signWebhook(input),
  };
}

/** Node's `IncomingHttpHeaders`, a plain record, or a fetch `Headers` object. */
export type WebhookHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null };

export interface VerifyWebhookInput {
  /** Every currently valid secret (during rotation: the new and the old one). */
  readonly secrets: readonly WebhookSecretInput[];
  readonly headers: WebhookHeaders;
  /** The body exactly as received; a parsed and re-serialised body will not verify. */
  readonly rawBody: string | Uint8Array;
  /** Current time in Unix seconds, injected so tests and replays control the clock. */
  readonly now: number;
  readonly toleranceSeconds?: number;
}

export interface VerifiedWebhook {
  /** `webhook-id`, to be used as the idempotency key. */
  readonly id: string;
  readonly timestamp: number;
}

function isHeadersObject(
  headers: WebhookHeaders,
): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function';
}

/** Case-insensitive header lookup; repeated header lines come back as several values. */
function headerValues(headers: WebhookHeaders, name: string): readonly string[] {
  if (isHeadersObject(headers)) {
    const value = headers.get(name);
    return value === null ? [] : [value];
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? [value] : value;
  }
  return [];
}

/** A single-valued header; repeats are treated as absent because they are ambiguous. */
function singleHeader(headers: WebhookHeaders, name: string): string | undefined {
  const values = headerValues(headers, name);
  if (values.length !== 1) return undefined;
  const value = values[0]?.trim();
  return value === undefined || value.length === 0 ? undefined : value;
}

function decodeCandidate(entry: string): Buffer | undefined {
  const comma = entry.indexOf(',');
  if (comma < 0 || entry.slice(0, comma) !== SYMMETRIC_VERSION) return undefined;
  const encoded = entry.slice(comma + 1);
  const decoded = Buffer.from(encoded, 'base64');
  // Only the canonical padded form counts, as a string comparison in other verifiers would.
  if (decoded.length !== HMAC_SHA256_BYTES || decoded.toString('base64') !== encoded) return undefined;
  return decoded;
}

/**
 * Verifies a Standard Webhooks request: headers present, timestamp within ±tolerance of
 * `now`, and at least one `v1` signature matching one of the secrets (constant-time).
 * Entries of other versions (e.g. `v1a,` ed25519) are ignored.
 *
 * @returns the verified id and timestamp.
 * @throws WebhookVerificationError with a stable `reason`.
 * @example
 * const { id } = verifyWebhook({
 *   secrets: [process.env.FINANCE_WEBHOOK_SECRET ?? ''],
 *   headers: req.headers,
 *   rawBody: req.rawBody,
 *   now: Math.floor(Date.now() / 1000),
 * });
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifiedWebhook {
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError('toleranceSeconds must be a non-negative number');
  }
  if (!Number.isFinite(input.now)) {
    throw new RangeError('now must be a finite number of Unix seconds');
  }
  // Parse the keys first: a misconfigured secret is an operator error, not a bad request.
  const keys = input.secrets.map(toKey);
  if (keys.length === 0) {
    throw new RangeError('At least one webhook secret is required to verify');
  }

  const id = singleHeader(input.headers, WEBHOOK_ID_HEADER);
  if (id === undefined) throw new WebhookVerificationError('missing_id');
  const timestampText = singleHeader(input.headers, WEBHOOK_TIMESTAMP_HEADER);
  if (timestampText === undefined) throw new WebhookVerificationError('missing_timestamp');
  const signatureHeader = headerValues(input.headers, WEBHOOK_SIGNATURE_HEADER).join(' ').trim();
  if (signatureHeader.length === 0) throw new WebhookVerificationError('missing_signature');

  if (!TIMESTAMP_PATTERN.test(timestampText)) {
    throw new WebhookVerificationError('invalid_timestamp');
  }
  const timestamp = Number(timestampText);
  // Checked before the HMAC so a replayed request costs no crypto work.
  if (input.now - timestamp > tolerance) throw new WebhookVerificationError('timestamp_too_old');
  if (timestamp - input.now > tolerance) throw new WebhookVerificationError('timestamp_too_new');

  const candidates = signatureHeader
    .split(' ')
    .map(decodeCandidate)
    .filter((candidate): candidate is Buffer => candidate !== undefined);
  if (candidates.length > 0) {
    // Sign with the header text as received so the signed bytes are exactly what was sent.
    const content = signedContent(id, timestampText, input.rawBody);
    for (const key of keys) {
      const expected = hmac(key, content);
      // Lengths are equal (32 bytes) by construction of decodeCandidate.
      if (candidates.some((candidate) => timingSafeEqual(candidate, expected))) {
        return { id, timestamp };
      }
    }
  }
  throw new WebhookVerificationError('no_matching_signature');
}
