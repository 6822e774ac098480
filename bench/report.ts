import type { AuditFigures } from './audit-bench';
import type { ConsoleFigures } from './console-bench';
import type { DocumentsFigures } from './documents-bench';
import type { DocumentsHttpFigures } from './documents-http';
import type { HttpFigures } from './http/http-bench';
import type { RemindersFigures } from './reminders-bench';
import type { WebhooksFigures } from './webhooks-bench';
import { round2, VariantSummary } from './stats';

/** The final JSON line: the store's keys, plus the http, webhooks, reminders, audit, documents and console keys. */
export interface BenchJson {
  readonly webhooks?: WebhooksFigures;
  readonly reminders?: RemindersFigures;
  readonly audit?: AuditFigures;
  readonly documents?: DocumentsFigures & { readonly http?: DocumentsHttpFigures };
  readonly http?: HttpFigures;
  readonly console?: ConsoleFigures;
  /** Absent when the store part is not selected (`npm run bench -- http`). */
  readonly append?: {
    readonly c1: AppendFigures;
    readonly c16: AppendFigures;
  };
  readonly command?: {
    readonly c16: { readonly perSec: number; readonly p99Ms: number; readonly ratio: number };
  };
}

interface AppendFigures {
  readonly perSec: number;
  readonly p99Ms: number;
  readonly rawPerSec: number;
  readonly rawP99Ms: number;
  readonly ratio: number;
}

export function ratioOf(engine: VariantSummary, raw: VariantSummary): number {
  return raw.perSec > 0 ? engine.perSec / raw.perSec : 0;
}

export function appendFigures(engine: VariantSummary, raw: VariantSummary): AppendFigures {
  return {
    perSec: Math.round(engine.perSec),
    p99Ms: round2(engine.p99Ms),
    rawPerSec: Math.round(raw.perSec),
    rawP99Ms: round2(raw.p99Ms),
    ratio: round2(ratioOf(engine, raw)),
  };
}

/** One human-readable line: events/s, p50, p99, and the spread over rounds. */
export function describe(label: string, summary: VariantSummary): string {
  const rounds = summary.roundPerSec.map((v) => Math.round(v)).join(' ');
  const backend = summary.backendCpuUsPerOp === undefined ? '' : `, backends ${Math.round(summary.backendCpuUsPerOp)}`;
  const other = summary.otherCores === undefined ? '' : `; other load ${summary.otherCores.toFixed(2)} cores`;
  return (
    `${label.padEnd(27)} ${String(Math.round(summary.perSec)).padStart(6)} ev/s` +
    `  p50 ${summary.p50Ms.toFixed(2).padStart(6)} ms  p99 ${summary.p99Ms.toFixed(2).padStart(6)} ms` +
    `  CPU µs/op: node ${Math.round(summary.clientCpuUsPerOp)}${backend}${other}` +
    `  (${summary.ops} ops in ${summary.seconds.toFixed(1)} s; rounds: ${rounds})`
  );
}

/** The per-round ratios, so the doc can say how much a ratio moved within the run. */
export function roundRatios(engine: VariantSummary, raw: VariantSummary): number[] {
  return engine.roundPerSec.map((value, i) => {
    const base = raw.roundPerSec[i];
    return base ? round2(value / base) : 0;
  });
}

export function goalLine(name: string, met: boolean, detail: string): string {
  return `  ${met ? 'MET   ' : 'MISSED'} ${name}: ${detail}`;
}
