import type { SqlExecutor } from '@app/event-store';

/** An endpoint as stored (with its secrets: never return this to a caller as is). */
export interface EndpointRecord {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly description: string | null;
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: string | null;
  readonly status: 'active' | 'disabled' | 'deleted';
  readonly disabledReason: string | null;
  readonly failingSince: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An endpoint as callers see it. */
export type EndpointView = Omit<EndpointRecord, 'secret' | 'previousSecret'>;

export interface DeliveryRecord {
  readonly id: string;
  readonly endpointId: string;
  readonly messageId: string;
  readonly eventType: string;
  readonly body: string;
  readonly position: number;
  readonly status: 'pending' | 'succeeded' | 'exhausted' | 'cancelled';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly lastLatencyMs: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function toEndpoint(row: Record<string, unknown>): EndpointRecord {
  return {
    id: row.id as string,
    url: row.url as string,
    eventTypes: row.event_types as string[],
    description: (row.description as string | null) ?? null,
    secret: row.secret as string,
    previousSecret: (row.previous_secret as string | null) ?? null,
    previousSecretExpiresAt: iso(row.previous_secret_expires_at),
    status: row.status as EndpointRecord['status'],
    disabledReason: (row.disabled_reason as string | null) ?? null,
    failingSince: iso(row.failing_since),
    createdAt: iso(row.created_at) ?? '',
    updatedAt: iso(row.updated_at) ?? '',
  };
}

export function endpointView(endpoint: EndpointRecord): EndpointView {
  const { secret: _secret, previousSecret: _previous, ...view } = endpoint;
  return view;
}

export function toDelivery(row: Record<string, unknown>): DeliveryRecord {
  return {
    id: row.id as string,
    endpointId: row.endpoint_id as string,
    messageId: row.message_id as string,
    eventType: row.event_type as string,
    body: row.body as string,
    position: Number(row.position),
    status: row.status as DeliveryRecord['status'],
    attempts: row.attempts as number,
    nextAttemptAt: iso(row.next_attempt_at) ?? '',
    lastStatusCode: (row.last_status_code as number | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    lastLatencyMs: (row.last_latency_ms as number | null) ?? null,
    createdAt: iso(row.created_at) ?? '',
    updatedAt: iso(row.updated_at) ?? '',
  };
}

/** The SQL of endpoints and deliveries. */
export class WebhookStore {
  async endpoint(sql: SqlExecutor, id: string): Promise<EndpointRecord | undefined> {
    const res = await sql.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
    return res.rows[0] ? toEndpoint(res.rows[0]) : undefined;
  }

  async endpoints(sql: SqlExecutor, statuses: readonly string[] = ['active', 'disabled']): Promise<EndpointRecord[]> {
    const res = await sql.query('SELECT * FROM webhook_endpoints WHERE status = ANY($1::text[]) ORDER BY created_at', [statuses]);
    return res.rows.map(toEndpoint);
  }

  async delivery(sql: SqlExecutor, id: string): Promise<DeliveryRecord | undefined> {
    const res = await sql.query('SELECT * FROM webhook_deliveries WHERE id = $1', [id]);
    return res.rows[0] ? toDelivery(res.rows[0]) : undefined;
  }

  async deliveries(sql: SqlExecutor, endpointId: string, status: string | undefined, limit: number): Promise<DeliveryRecord[]> {
    const res = await sql.query(
      `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
      [endpointId, status ?? null, limit],
    );
    return res.rows.map(toDelivery);
  }

  async attempts(sql: SqlExecutor, deliveryIds: readonly string[]): Promise<Map<string, { attempt: number; attemptedAt: string; statusCode: number | null; error: string | null; latencyMs: number }[]>> {
    const res = await sql.query<{ delivery_id: string; attempt: number; attempted_at: Date | string; status_code: number | null; error: string | null; latency_ms: number }>(
      'SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt',
      [deliveryIds],
    );
    const byDelivery = new Map<string, { attempt: number; attemptedAt: string; statusCode: number | null; error: string | null; latencyMs: number }[]>();
    for (const r of res.rows) {
      const list = byDelivery.get(r.delivery_id) ?? [];
      list.push({ attempt: r.attempt, attemptedAt: new Date(r.attempted_at).toISOString(), statusCode: r.status_code, error: r.error, latencyMs: r.latency_ms });
      byDelivery.set(r.delivery_id, list);
    }
    return byDelivery;
  }
}
