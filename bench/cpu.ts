import { readFileSync } from 'node:fs';

/*
 * CPU accounting for one measured run, so a report can tell the engine's extra work from other
 * load on a shared machine: this process (user + system), the PostgreSQL backends serving the
 * run's two pools, and every core of the machine. The last two come from /proc (Linux, server on
 * the same host); elsewhere they are left out.
 */

/** Linux reports /proc times in clock ticks of 1/100 s on every architecture Node runs on. */
const TICK_US = 10_000;

export interface CpuSample {
  readonly at: bigint;
  readonly processUs: number;
  readonly backendsUs?: number;
  /** Busy and total µs summed over all cores. */
  readonly machine?: { readonly busyUs: number; readonly totalUs: number };
}

export interface CpuUse {
  /** This process's CPU, µs. */
  readonly processUs: number;
  /** CPU of the run's PostgreSQL backends, µs (undefined when /proc does not show them). */
  readonly backendsUs?: number;
  /** Cores busy with anything else (other processes, PostgreSQL background workers). */
  readonly otherCores?: number;
}

function readMachine(): { busyUs: number; totalUs: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    // idle and iowait are the columns that are not work.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return Number.isFinite(total) && total > 0 ? { busyUs: (total - idle) * TICK_US, totalUs: total * TICK_US } : undefined;
  } catch {
    return undefined;
  }
}

function readProcessUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * TICK_US;
    return Number.isFinite(us) ? us : undefined;
  } catch {
    return undefined;
  }
}

export function sampleCpu(backendPids: readonly number[]): CpuSample {
  const usage = process.cpuUsage();
  let backendsUs: number | undefined = backendPids.length > 0 ? 0 : undefined;
  for (const pid of backendPids) {
    const us = readProcessUs(pid);
    // One unreadable backend (remote server, or a connection that closed) voids the sum.
    backendsUs = us === undefined || backendsUs === undefined ? undefined : backendsUs + us;
  }
  return { at: process.hrtime.bigint(), processUs: usage.user + usage.system, backendsUs, machine: readMachine() };
}

export function cpuSince(start: CpuSample, backendPids: readonly number[]): CpuUse {
  const end = sampleCpu(backendPids);
  const processUs = end.processUs - start.processUs;
  const backendsUs = end.backendsUs !== undefined && start.backendsUs !== undefined ? end.backendsUs - start.backendsUs : undefined;
  const wallUs = Number(end.at - start.at) / 1000;
  let otherCores: number | undefined;
  if (start.machine && end.machine && backendsUs !== undefined && wallUs > 0) {
    const busyCores = (end.machine.busyUs - start.machine.busyUs) / wallUs;
    otherCores = Math.max(0, busyCores - (processUs + backendsUs) / wallUs);
  }
  return { processUs, backendsUs, otherCores };
}
