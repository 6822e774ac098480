import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WebhookAllowList } from '../ssrf/allow-list';
import { checkWebhookUrl, guardedLookup, SsrfBlockedError, WebhookResolver } from '../ssrf/ssrf-guard';

/** What one attempt gave. */
export interface AttemptResult {
  readonly statusCode?: number;
  readonly retryAfter?: string;
  readonly error?: string;
  /** The target was refused by the SSRF guard. */
  readonly blocked?: boolean;
  readonly latencyMs: number;
}

export interface SendOptions {
  readonly allow: WebhookAllowList;
  readonly timeoutMs?: number;
  readonly resolve?: WebhookResolver;
}

/** Bytes of a response body read (and discarded): enough to be polite, never a memory risk. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed delivery. The URL is checked against the SSRF guard before every attempt
 * (IP literals, private ranges) and the connection resolves host names through the guarded
 * lookup, so a DNS answer that changed since the check is refused at connect time. Redirects are
 * not followed (a 3xx is a failed attempt); the whole attempt has one deadline.
 *
 * @example
 * const result = await sendWebhook(url, headers, body, { allow });
 */
export async function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<AttemptResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  try {
    await checkWebhookUrl(url, { allow: options.allow, ...(options.resolve ? { resolve: options.resolve } : {}) });
  } catch (error) {
    if (error instanceof SsrfBlockedError) return { blocked: true, error: error.message, latencyMs: elapsed() };
    return { error: error instanceof Error ? error.message : String(error), latencyMs: elapsed() };
  }
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'grant-lifecycle-engine-webhooks/1' },
        lookup: guardedLookup(options.allow, options.resolve ? { resolve: options.resolve } : {}),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const retryAfter = res.headers['retry-after'];
          finish({ statusCode: res.statusCode, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const deadline = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error: Error & { code?: string }) => {
      finish(error instanceof SsrfBlockedError || error.code === 'ERR_WEBHOOK_SSRF_BLOCKED' ? { blocked: true, error: error.message } : { error: error.message });
    });
    req.end(body);
  });
}
