import type { Clock, IdGenerator } from '@app/application';
import { isIntegrationEventType } from '@app/contracts';
import type { DomainErrorKind, ErrorCode } from '@app/domain';
import { DatabaseEventStore, SqlDatabase, SqlStoreTransaction } from '@app/event-store';
import { Logger, silentLogger } from '@app/observability';
import type { JobQueue } from '@app/queue';
import { generateWebhookSecret } from '../signing/standard-webhooks';
import { WebhookAllowList } from '../ssrf/allow-list';
import { checkWebhookUrl, SsrfBlockedError, WebhookResolver } from '../ssrf/ssrf-guard';
import { WebhookDispatcher } from './webhook-dispatcher';
import { enqueueDeliveries, enqueueDeliveryBatches } from './webhook-jobs';
import { deliveryView, EndpointRecord, EndpointView, endpointView } from './webhook-records';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookStore } from './webhook-store';

/** The previous secret keeps signing this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

export interface WebhookEndpointsOptions {
  /** Private hosts a target may resolve to (`WEBHOOK_ALLOWED_HOSTS`). */
  readonly allow: WebhookAllowList;
  readonly resolve?: WebhookResolver;
  readonly logger?: Logger;
}

/** A refusal of an admin request, with a stable code and its kind (mapped to HTTP by the edge). */
export class WebhookRequestError extends Error {
  constructor(
    readonly kind: Extract<DomainErrorKind, 'not_found' | 'conflict' | 'invalid'>,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * The administrator who asked for a change to an endpoint (the verified caller), recorded as the
 * actor of the audit event appended with the change.
 */
export interface WebhookAdmin {
  readonly id: string;
  readonly roles: readonly string[];
  /** The request's correlation id, kept in the event's metadata. */
  readonly correlationId?: string;
}

/**
 * Endpoint administration: register, rotate, enable, delete and replay, each committed with its
 * audit event (the administrator as actor, never a secret); the deliveries of an endpoint and a
 * manual retry. Secrets are stored sealed ({@link WebhookSecrets}).
 *
 * @example
 * const { endpoint, secret } = await endpoints.register({ url, eventTypes: ['payment_order.issued'] }, { id: 'admin-1', roles: ['admin'] });
 */
export class WebhookEndpoints {
  constructor(
    private readonly events: DatabaseEventStore,
    private readonly db: SqlDatabase,
    private readonly queue: JobQueue,
    private readonly webhookStore: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly secrets: WebhookSecrets,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly options: WebhookEndpointsOptions,
  ) {}

  /**
   * Registers an endpoint. The row, its subscription's checkpoint and `WebhookEndpointRegistered`
   * (never the secret) commit together.
   */
  async register(input: { url: string; eventTypes: readonly string[]; description?: string }, admin: WebhookAdmin): Promise<{ endpoint: EndpointView; secret: string }> {
    const unknown = input.eventTypes.filter((t) => !isIntegrationEventType(t));
    if (unknown.length > 0) throw new WebhookRequestError('invalid', 'WEBHOOK.UNKNOWN_EVENT_TYPE', `Unknown event types: ${unknown.join(', ')}`, 'eventTypes');
    await this.checkTarget(input.url);
    const id = this.ids.next();
    const secret = generateWebhookSecret();
    const now = this.clock.now().toISOString();
    const head = await this.events.headCursor();
    const eventTypes = [...new Set(input.eventTypes)];
    await this.events.transaction(async (tx) => {
      const description = input.description ?? null;
      await this.webhookStore.insertEndpoint(tx, { id, url: input.url, eventTypes, description, sealedSecret: this.secrets.seal(id, secret), at: now });
      // A new endpoint receives what happens from now on; history is sent by a replay.
      await this.webhookStore.startSubscription(tx, id, head);
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointRegistered', { endpointId: id, url: input.url, eventTypes, description });
    });
    await this.dispatcher.sync();
    const endpoint = await this.endpointOrFail(id);
    return { endpoint: endpointView(endpoint), secret };
  }

  async list(): Promise<EndpointView[]> {
    return (await this.webhookStore.endpoints(this.db)).map(endpointView);
  }

  async get(id: string): Promise<EndpointView> {
    return endpointView(await this.endpointOrFail(id));
  }

  /**
   * Deletes an endpoint: its subscription stops and pending deliveries are cancelled, in the
   * transaction of `WebhookEndpointDeleted`.
   */
  async remove(id: string, admin: WebhookAdmin): Promise<void> {
    await this.endpointOrFail(id);
    const now = this.clock.now().toISOString();
    await this.events.transaction(async (tx) => {
      // A concurrent delete won: this one changes nothing and records nothing.
      if (!(await this.webhookStore.markDeleted(tx, id, now))) throw new WebhookRequestError('not_found', 'WEBHOOK.ENDPOINT_NOT_FOUND', `Unknown webhook endpoint ${id}`);
      await this.webhookStore.cancelPending(tx, id, now);
      await this.webhookStore.dropSubscription(tx, id);
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointDeleted', { endpointId: id });
    });
    await this.dispatcher.sync();
  }

  /**
   * A new secret; the previous one keeps signing for 24 hours so receivers can switch. The change
   * and `WebhookSecretRotated` (without either secret) commit together.
   */
  async rotateSecret(id: string, admin: WebhookAdmin): Promise<{ secret: string; previousSecretExpiresAt: string }> {
    const endpoint = await this.endpointOrFail(id);
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const expires = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
    await this.events.transaction(async (tx) => {
      await this.webhookStore.rotateSecret(tx, endpoint.id, this.secrets.seal(endpoint.id, secret), expires, now.toISOString());
      await this.recordAdmin(tx, admin, id, 'WebhookSecretRotated', { endpointId: id, previousSecretExpiresAt: expires });
    });
    return { secret, previousSecretExpiresAt: expires };
  }

  /**
   * Turns a disabled endpoint back on; its pending deliveries are attempted again. The change and
   * `WebhookEndpointEnabled` commit together; an endpoint already active changes nothing and
   * records nothing.
   */
  async enable(id: string, admin: WebhookAdmin): Promise<EndpointView> {
    const endpoint = await this.endpointOrFail(id);
    if (endpoint.status === 'active') return endpointView(endpoint);
    const now = this.clock.now().toISOString();
    const pending = await this.events.transaction(async (tx) => {
      if (!(await this.webhookStore.enable(tx, id, now))) return [];
      const due = await this.webhookStore.makePendingDue(tx, id, now);
      await this.recordAdmin(tx, admin, id, 'WebhookEndpointEnabled', { endpointId: id });
      return due;
    });
    await this.dispatcher.sync();
    await this.enqueueOrLeave(() => enqueueDeliveries(this.queue, pending.map((row) => ({ deliveryId: row.id, attemptKey: `${row.attempts}-enabled-${Date.parse(now)}` }))));
    return this.get(id);
  }

  async deliveries(endpointId: string, status: string | undefined, limit = 50) {
    await this.endpointOrFail(endpointId);
    const rows = await this.webhookStore.deliveries(this.db, endpointId, status, limit);
    const attempts = await this.webhookStore.attempts(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({ ...deliveryView(r), attemptsLog: attempts.get(r.id) ?? [] }));
  }

  /** Attempts one delivery again now (also an exhausted one). */
  async retry(deliveryId: string) {
    const delivery = await this.webhookStore.delivery(this.db, deliveryId);
    if (!delivery) throw new WebhookRequestError('not_found', 'WEBHOOK.DELIVERY_NOT_FOUND', `Unknown delivery ${deliveryId}`);
    if (delivery.status === 'succeeded') throw new WebhookRequestError('conflict', 'WEBHOOK.ALREADY_DELIVERED', 'This delivery already succeeded');
    if (delivery.status === 'cancelled') throw new WebhookRequestError('conflict', 'WEBHOOK.CANCELLED', 'This delivery was cancelled with its endpoint');
    const now = this.clock.now().toISOString();
    await this.webhookStore.makeDeliveryDue(this.db, deliveryId, now);
    await this.enqueueOrLeave(() => enqueueDeliveries(this.queue, [{ deliveryId, attemptKey: `${delivery.attempts}-manual-${Date.now()}` }]));
    return deliveryView({ ...delivery, status: 'pending', nextAttemptAt: now });
  }

  /**
   * Sends again every matching message from a log position up to what the endpoint has already
   * been given (for a finance system that lost data). Messages keep their ids.
   */
  async replay(endpointId: string, fromPosition: number, admin: WebhookAdmin): Promise<{ replayId: string; deliveries: number }> {
    const endpoint = await this.endpointOrFail(endpointId);
    if (endpoint.status !== 'active') throw new WebhookRequestError('conflict', 'WEBHOOK.ENDPOINT_DISABLED', 'Enable the endpoint before replaying to it');
    const upTo = await this.webhookStore.subscriptionPosition(this.db, endpointId);
    const replayId = this.ids.next();
    let count = 0;
    let after = fromPosition - 1;
    for (;;) {
      const events = await this.webhookStore.replayPage(this.db, after, upTo);
      if (events.length === 0) break;
      const inserted = await this.db.transaction((tx) => this.dispatcher.dispatch(tx, endpoint, events, `:replay:${replayId}`));
      await this.enqueueOrLeave(() => enqueueDeliveryBatches(this.queue, endpointId, inserted));
      count += inserted.length;
      after = events[events.length - 1]?.position ?? upTo;
    }
    await this.events.transaction((tx) => this.recordAdmin(tx, admin, endpointId, 'WebhookReplayRequested', { endpointId, replayId, fromPosition, toPosition: upTo, deliveries: count }));
    return { replayId, deliveries: count };
  }

  /**
   * Adds the jobs of deliveries whose rows are committed and due. Without Redis the request still
   * succeeds: the rows are the truth, and the reconciler (every 30 s, and at once when Redis came
   * back without its keys) gives them their jobs.
   */
  private async enqueueOrLeave(enqueue: () => Promise<void>): Promise<void> {
    try {
      await enqueue();
    } catch (error) {
      (this.options.logger ?? silentLogger).warn('delivery jobs not queued (Redis unavailable); the reconciler will queue them', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async endpointOrFail(id: string): Promise<EndpointRecord> {
    const endpoint = await this.webhookStore.endpoint(this.db, id);
    if (!endpoint || endpoint.status === 'deleted') throw new WebhookRequestError('not_found', 'WEBHOOK.ENDPOINT_NOT_FOUND', `Unknown webhook endpoint ${id}`);
    return endpoint;
  }

  private async checkTarget(url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, { allow: this.options.allow, ...(this.options.resolve ? { resolve: this.options.resolve } : {}) });
    } catch (error) {
      if (error instanceof SsrfBlockedError) {
        throw new WebhookRequestError('invalid', 'WEBHOOK.TARGET_NOT_ALLOWED', `${error.message} (WEBHOOK_ALLOWED_HOSTS lists allowed private hosts)`, 'url');
      }
      throw error;
    }
  }

  /**
   * Appends an administrator's change to the endpoint's stream inside the transaction of the
   * change itself, with the administrator as actor: both commit or neither does (never secrets).
   */
  private async recordAdmin(tx: SqlStoreTransaction, admin: WebhookAdmin, endpointId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await tx.appendToStreams([
      {
        streamId: `webhook-endpoint-${endpointId}`,
        expectedVersion: 'any',
        events: [
          {
            eventId: this.ids.next(),
            type,
            schemaVersion: 1,
            data: { ...data, at: this.clock.now().toISOString() },
            metadata: { actor: { id: admin.id, roles: [...admin.roles] }, ...(admin.correlationId ? { correlationId: admin.correlationId } : {}) },
          },
        ],
      },
    ]);
  }
}
