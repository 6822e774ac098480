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

/** An attempt as the delivery log shows it. */
export interface AttemptView {
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

/** A delivery as callers see it (without its body). */
export function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    messageId: d.messageId,
    eventType: d.eventType,
    position: d.position,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastLatencyMs: d.lastLatencyMs,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** The name of an endpoint's subscription of the log (and of its checkpoint row). */
export const webhookSubscriptionName = (endpointId: string): string => `webhook:${endpointId}`;
