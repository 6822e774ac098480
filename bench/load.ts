/** One operation of one client; it resolves when the event is durably stored. */
export type Operation = () => Promise<void>;

export interface RunResult {
  readonly ops: number;
  /** From the start until the last client finished its last operation. */
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/**
 * Runs each client in a closed loop (next operation as soon as the previous one resolved) until
 * the deadline. An operation started before the deadline is counted, and the elapsed time runs
 * until it ends, so events/s is never inflated by a cut-off tail.
 */
export async function runClients(clients: readonly Operation[], seconds: number, signal: AbortSignal): Promise<RunResult> {
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let failed = false;
  const outcomes = await Promise.allSettled(
    clients.map(async (operation) => {
      while (!failed && !signal.aborted && process.hrtime.bigint() < deadline) {
        const t0 = process.hrtime.bigint();
        try {
          await operation();
        } catch (error) {
          // Stop the other clients too, so nothing still uses the pools when the caller cleans up.
          failed = true;
          throw error;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
  }
  return { ops: latencies.length, seconds: elapsed, latenciesMs: latencies };
}
