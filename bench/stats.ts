import { CpuUse } from './cpu';

/** Nearest-rank percentile of ascending-sorted values; NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One variant's figures over all its measured rounds. */
export interface VariantSummary {
  readonly ops: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Events/s of each measured round, in order. */
  readonly roundPerSec: readonly number[];
  /** CPU of the benchmark process (engine or driver code, JSON, hashing) per operation, µs. */
  readonly clientCpuUsPerOp: number;
  /** CPU of the PostgreSQL backends serving the run per operation, µs (local server only). */
  readonly backendCpuUsPerOp?: number;
  /** Mean cores busy with other work during the variant's rounds (local server only). */
  readonly otherCores?: number;
}

/** Accumulates the measured rounds of one variant. */
export class VariantRecorder {
  private ops = 0;
  private seconds = 0;
  private readonly latencyChunks: number[][] = [];
  private readonly roundPerSec: number[] = [];
  private processUs = 0;
  private backendsUs: number | undefined = 0;
  private readonly other: number[] = [];

  add(ops: number, seconds: number, latenciesMs: number[], cpu: CpuUse): void {
    this.ops += ops;
    this.seconds += seconds;
    this.latencyChunks.push(latenciesMs);
    this.roundPerSec.push(seconds > 0 ? ops / seconds : 0);
    this.processUs += cpu.processUs;
    this.backendsUs = cpu.backendsUs === undefined || this.backendsUs === undefined ? undefined : this.backendsUs + cpu.backendsUs;
    if (cpu.otherCores !== undefined) this.other.push(cpu.otherCores);
  }

  summary(): VariantSummary {
    const all = Float64Array.from(this.latencyChunks.flat());
    all.sort();
    return {
      ops: this.ops,
      seconds: this.seconds,
      perSec: this.seconds > 0 ? this.ops / this.seconds : 0,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      roundPerSec: [...this.roundPerSec],
      clientCpuUsPerOp: this.ops > 0 ? this.processUs / this.ops : 0,
      backendCpuUsPerOp: this.backendsUs !== undefined && this.ops > 0 ? this.backendsUs / this.ops : undefined,
      otherCores: this.other.length > 0 ? this.other.reduce((a, b) => a + b, 0) / this.other.length : undefined,
    };
  }
}
