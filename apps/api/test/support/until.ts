/**
 * Polls `what` until it gives a truthy value, and returns it; fails after `timeoutMs`. For what
 * the engine does in the background (subscriptions, queue jobs, deliveries).
 *
 * @example
 * const delivery = await until(async () => (await list()).find((d) => d.status === 'succeeded'));
 */
export async function until<T>(what: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
