/**
 * Delivery retry schedule for outbound webhooks: the Standard Webhooks example schedule
 * (immediately, then 5 s … 24 h; 75 h 35 m 05 s in total) with ±10 % jitter, and the
 * status-code policy of the specification's "Delivery success and failure" section.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delays before each retry, i.e. before attempts 2 … 10. The first attempt is immediate.
 * Spans more than three days so that a finance system down over a weekend still receives
 * its events.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
]);

/** The first attempt plus one per schedule entry. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** Jitter spreads retries so that endpoints recovering together are not hit in lockstep. */
export const RETRY_JITTER_RATIO = 0.1;

/** A receiver may slow us down, but not park a delivery for longer than a day. */
export const RETRY_AFTER_CAP_MS = 24 * HOUR;

/** How a delivery attempt's HTTP status is handled. */
export type DeliveryOutcome = 'success' | 'disable' | 'retry_after' | 'retry';

/**
 * Maps an HTTP status to the delivery policy: 2xx succeeds; 410 Gone disables the endpoint;
 * 429 and 503 are retried honouring `Retry-After`; anything else, redirects included (we do
 * not follow them, the URL should be updated instead), is an ordinary failure to retry.
 * Network errors and timeouts have no status and are ordinary failures as well.
 *
 * @example
 * classifyResponse(204); // 'success'
 * classifyResponse(301); // 'retry'
 * classifyResponse(410); // 'disable'
 * classifyResponse(429); // 'retry_after'
 */
export function classifyResponse(status: number): DeliveryOutcome {
  if (Number.isInteger(status) && status >= 200 && status <= 299) return 'success';
  if (status === 410) return 'disable';
  if (status === 429 || status === 503) return 'retry_after';
  return 'retry';
}

const DELTA_SECONDS = /^[0-9]+$/;
// HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms, all
// of which start with a day name. Checked first because Date.parse also accepts "12" or "-5".
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/**
 * Parses a `Retry-After` value, either delay-seconds or an HTTP-date, into milliseconds from
 * `now`. A date in the past means "now" (0). Returns `undefined` for a missing or malformed
 * value, which the caller treats as absent.
 *
 * @example
 * parseRetryAfter('120', Date.now()); // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')); // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text.length === 0) return undefined;
  if (DELTA_SECONDS.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * SECOND : Number.MAX_SAFE_INTEGER;
  }
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface NextRetryDelayOptions {
  /** Uniform random source in [0, 1), injected so tests are deterministic. */
  readonly random: () => number;
  /**
   * `Retry-After` of the failed attempt. Pass it for 429 and 503 responses (outcome
   * `retry_after`); when `status` is given, the header is ignored for other statuses.
   */
  readonly retryAfterHeader?: string | null;
  /** HTTP status of the failed attempt, if any. */
  readonly status?: number;
  /** Current time in epoch milliseconds, for HTTP-date `Retry-After` values. */
  readonly now: number;
}

/**
 * Milliseconds to wait before the next attempt, given how many attempts have already been
 * made (1 after the first failure). The schedule delay gets ±10 % jitter; a longer
 * `Retry-After` (capped at 24 h) replaces it. Returns `undefined` once all
 * {@link MAX_DELIVERY_ATTEMPTS} attempts are used up, when the delivery is exhausted.
 *
 * @throws RangeError when `attemptsMade` is not a positive integer.
 * @example
 * nextRetryDelay(1, { random: Math.random, now: Date.now() }); // 4500 … 5500
 * nextRetryDelay(2, { random: () => 0.5, now, status: 429, retryAfterHeader: '3600' }); // 3600000
 * nextRetryDelay(10, { random: Math.random, now: Date.now() }); // undefined
 */
export function nextRetryDelay(attemptsMade: number, options: NextRetryDelayOptions): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) {
    throw new RangeError('attemptsMade must be a positive integer (1 after the first attempt)');
  }
  const base = RETRY_SCHEDULE_MS[attemptsMade - 1];
  if (base === undefined) return undefined;

  // Clamp so a misbehaving random source cannot push the delay outside ±10 %.
  const unit = Math.min(Math.max(options.random(), 0), 1);
  const delay = Math.round(base * (1 + RETRY_JITTER_RATIO * (2 * unit - 1)));

  const honoursRetryAfter = options.status === undefined || classifyResponse(options.status) === 'retry_after';
  const retryAfter = honoursRetryAfter ? parseRetryAfter(options.retryAfterHeader, options.now) : undefined;
  // Retry-After only ever lengthens the wait; the cap never shortens the schedule itself.
  return retryAfter === undefined ? delay : Math.max(delay, Math.min(retryAfter, RETRY_AFTER_CAP_MS));
}
