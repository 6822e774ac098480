import { randomUUID } from 'node:crypto';
import { buildWebhookHeaders } from '@app/webhooks';

/** The engine did not answer at all (not started, wrong port). */
export class EngineUnreachableError extends Error {}

/** The engine answered a step with an error: the step and its Problem Details. */
export class StepRefusedError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly problem: { code?: string; detail?: string; title?: string; errors?: unknown[] },
  ) {
    const reason = [problem.code, problem.detail ?? problem.title].filter(Boolean).join(': ') || `HTTP ${status}`;
    const fields = problem.errors && problem.errors.length > 0 ? `\n  errors: ${JSON.stringify(problem.errors)}` : '';
    super(`The engine refused the step: ${step}\n  HTTP ${status} ${reason}${fields}`);
  }
}

/** What every command answers (API.md "Conventions"). */
export interface CommandResult {
  readonly id: string;
  readonly version: number;
  readonly position: number;
  readonly status: string;
}

/** What the dossier routes answer for one item (the fields the demo reads; docs: DOCS-API). */
export interface DocumentItem {
  readonly id: string;
  readonly kind: string;
  readonly form: 'file' | 'paper';
  readonly position: number;
  readonly sha256?: string;
}

/** A file to attach to a project's dossier. */
export interface DocumentUpload {
  readonly kind: string;
  readonly title: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

// Long enough for a cold engine under load, short enough that a hung engine does not hang the CLI.
const TIMEOUT_MS = 30_000;

/**
 * A small HTTP client for the engine, over Node's global fetch. The demo goes through the API
 * like any staff tool would: the embedded database belongs to the running engine process.
 */
export class EngineClient {
  private lastPosition = 0;

  constructor(
    readonly baseUrl: string,
    private readonly financeSecret: string,
  ) {}

  /** The highest log position written so far, for read-your-writes reads (`minPosition`). */
  get position(): number {
    return this.lastPosition;
  }

  async get<T>(step: string, token: string, path: string): Promise<T> {
    return (await this.send(step, 'GET', path, { Authorization: `Bearer ${token}` })) as T;
  }

  async command(step: string, token: string, method: 'POST' | 'PATCH', path: string, body: object): Promise<CommandResult> {
    const result = (await this.send(step, method, path, { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(body))) as CommandResult;
    this.lastPosition = Math.max(this.lastPosition, result.position);
    return result;
  }

  /**
   * Attaches a file to a project's dossier: `POST /projects/{id}/documents` as multipart/form-data,
   * the fields `kind` and `title` before the part `file`, as the route reads them in that order.
   */
  async upload(step: string, token: string, projectId: string, file: DocumentUpload): Promise<DocumentItem> {
    const form = new FormData();
    form.append('kind', file.kind);
    form.append('title', file.title);
    form.append('file', new Blob([file.bytes], { type: file.mediaType }), file.fileName);
    // fetch writes the multipart content type with its boundary itself.
    return this.filed((await this.send(step, 'POST', `/projects/${projectId}/documents`, { Authorization: `Bearer ${token}` }, form)) as DocumentItem);
  }

  /** Records a paper item received at the centre (`POST /projects/{id}/documents/paper`). */
  async paper(step: string, token: string, projectId: string, body: { kind: string; title: string; receivedOn: string; registryNo: string }): Promise<DocumentItem> {
    return this.filed((await this.send(step, 'POST', `/projects/${projectId}/documents/paper`, { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(body))) as DocumentItem);
  }

  private filed(item: DocumentItem): DocumentItem {
    if (typeof item.position === 'number') this.lastPosition = Math.max(this.lastPosition, item.position);
    return item;
  }

  /** A payment confirmation as the treasury sends it: Standard Webhooks, signed with the finance secret. */
  async confirmPayment(step: string, data: { paymentOrderNo: string; amountVnd: number; treasuryRef: string; valueDate: string }): Promise<void> {
    const body = JSON.stringify({ type: 'payment.confirmed', data });
    const signed = buildWebhookHeaders({
      secret: this.financeSecret,
      id: `msg_demo_${randomUUID()}`,
      timestamp: Math.floor(Date.now() / 1000),
      body,
    });
    const answer = (await this.send(step, 'POST', '/integrations/finance/events', { ...signed, 'content-type': 'application/json' }, body)) as { position?: number };
    if (typeof answer.position === 'number') this.lastPosition = Math.max(this.lastPosition, answer.position);
  }

  private async send(step: string, method: string, path: string, headers: Record<string, string>, body?: string | FormData): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new EngineUnreachableError(`Cannot reach the engine at ${this.baseUrl}; start it with npm start`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const problem = typeof parsed === 'object' && parsed !== null ? (parsed as StepRefusedError['problem']) : { detail: text.slice(0, 200) };
      throw new StepRefusedError(step, res.status, problem);
    }
    return parsed;
  }
}
