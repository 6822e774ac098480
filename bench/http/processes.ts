import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, AddressInfo } from 'node:net';
import { request } from 'node:http';

/** A child process of the benchmark, with the tail of its stderr for error messages. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  stderrTail(): string;
}

const STDERR_TAIL = 4_000;

/**
 * Starts `node <args>` with an environment of its own; stdout is passed to `onStdout` line by
 * line (or dropped), stderr kept for the error message if the child dies.
 */
export function startNode(name: string, args: readonly string[], env: Record<string, string>, onStdout?: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL);
  });
  if (onStdout && child.stdout) {
    child.stdout.setEncoding('utf8');
    let pending = '';
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        onStdout(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { name, process: child, exited, stderrTail: () => tail };
}

/** Runs `node <args>` to its end; rejects with its stderr when it fails. */
export async function runNode(name: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  const child = startNode(name, args, env);
  const code = await child.exited;
  if (code !== 0) throw new Error(`${name} exited with ${String(code)}: ${child.stderrTail()}`);
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** A loopback port free right now (the engine takes its port from PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Waits until `GET path` answers 200, failing early if one of the children exits. */
export async function waitReady(port: number, path: string, children: readonly Child[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const child of children) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`${child.name} exited during start (${String(child.process.exitCode ?? child.process.signalCode)}): ${child.stderrTail()}`);
      }
    }
    if ((await getStatus(port, path)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready on port ${port} after ${timeoutMs} ms`);
}

/** Resident memory of a process in MB (`VmRSS` of /proc/<pid>/status); undefined off Linux. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) of a process so far, µs, from /proc; undefined off Linux. */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * 10_000;
    return Number.isFinite(us) ? us : undefined;
  } catch {
    return undefined;
  }
}
