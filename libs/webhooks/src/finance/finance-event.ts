/** A payment notice from the finance system (API.md "From finance"). */
export interface FinanceEvent {
  readonly type: 'payment.confirmed' | 'payment.failed';
  readonly data: {
    readonly paymentOrderNo: string;
    readonly amountVnd: number;
    readonly treasuryRef: string;
    readonly valueDate: string;
    readonly reason?: string;
  };
}

/** A field of an inbound body that is missing or malformed. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const TOP = new Set(['type', 'data', 'id', 'timestamp']);
const DATA = new Set(['paymentOrderNo', 'amountVnd', 'treasuryRef', 'valueDate', 'reason']);

/** Whether `YYYY-MM-DD` names a day of the calendar (2026-02-30 does not). */
function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/**
 * Checks an inbound body strictly (OWASP API10: unknown fields are refused, not ignored) and
 * returns the event or every problem found.
 *
 * @example
 * const parsed = parseFinanceEvent(JSON.parse(raw));
 * if ('problems' in parsed) answer400(parsed.problems);
 */
export function parseFinanceEvent(body: unknown): { event: FinanceEvent } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: [{ field: '$', message: 'must be a JSON object' }] };
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!TOP.has(key)) problems.push({ field: key, message: 'is not a known field' });
  if (b.type !== 'payment.confirmed' && b.type !== 'payment.failed') problems.push({ field: 'type', message: 'must be payment.confirmed or payment.failed' });
  const data = b.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ field: 'data', message: 'must be an object' });
    return { problems };
  }
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d)) if (!DATA.has(key)) problems.push({ field: `data.${key}`, message: 'is not a known field' });
  const text = (key: string, max: number) => {
    if (typeof d[key] !== 'string' || (d[key] as string).length === 0 || (d[key] as string).length > max) {
      problems.push({ field: `data.${key}`, message: `must be a non-empty string of at most ${max} characters` });
    }
  };
  text('paymentOrderNo', 64);
  text('treasuryRef', 100);
  if (typeof d.amountVnd !== 'number' || !Number.isSafeInteger(d.amountVnd) || d.amountVnd <= 0) {
    problems.push({ field: 'data.amountVnd', message: 'must be a positive integer number of VND' });
  }
  // Date.parse rolls 2026-02-30 over to 2 March: only a date that reads back the same is real.
  if (typeof d.valueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.valueDate) || !isCalendarDate(d.valueDate)) {
    problems.push({ field: 'data.valueDate', message: 'must be a date YYYY-MM-DD' });
  }
  if (d.reason !== undefined) text('reason', 2000);
  if (b.type === 'payment.failed' && d.reason === undefined) problems.push({ field: 'data.reason', message: 'is required for payment.failed' });
  if (problems.length > 0) return { problems };
  return { event: { type: b.type as FinanceEvent['type'], data: d as unknown as FinanceEvent['data'] } };
}
