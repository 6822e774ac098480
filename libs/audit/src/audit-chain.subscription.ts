import { DatabaseEventStore, RecordedEvent, SqlDatabase, SqlExecutor } from '@app/event-store';
import { EngineMetrics, Logger, silentLogger } from '@app/observability';
import { SubscriptionRunner } from '@app/projections';
import { AuditRecords, ChainHead, StoredCheckpoint } from './audit-records';
import { AuditSigner } from './audit-signing';
import { chainHash } from './log-chain';

/**
 * Name of the log subscription that maintains the global chain (its checkpoint row and lock).
 *
 * @example
 * await db.query('SELECT position FROM subscription_checkpoints WHERE name = $1', [AUDIT_CHAIN_SUBSCRIPTION]);
 */
export const AUDIT_CHAIN_SUBSCRIPTION = 'audit:chain';

export interface AuditChainOptions {
  /** Write a signed checkpoint once this many events were chained since the last one (default 1000). */
  readonly checkpointEvery?: number;
  /** Also write one when the head moved and the last is older than this (ms; default 10 min; 0 = never). */
  readonly checkpointIntervalMs?: number;
  /** Events per batch (default 1000). */
  readonly batchSize?: number;
  readonly idleMs?: number;
  /** The signing key, loaded when first needed (so processes that never sign need no key). */
  readonly signer: () => AuditSigner;
  /** The engine's clock, for `createdAt` of checkpoints. */
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
}

/**
 * Maintains the global chain over the log and its signed checkpoints, as a checkpointed
 * subscription of the worker: each batch reads the chain head, links the new events in log
 * order (`chain_n = SHA-256(chain_{n-1} ‖ hash ‖ position)`), stores one row per event and, every
 * `checkpointEvery` events, an Ed25519-signed checkpoint of the head, all in the transaction
 * that moves the subscription's checkpoint. A restart resumes from that checkpoint; nothing is
 * rescanned. A timer also signs the head when it moved and the last checkpoint is older than
 * `checkpointIntervalMs`, so a quiet log is still anchored.
 *
 * @example
 * const chain = new AuditChain(store, db, { signer: () => signer, checkpointEvery: 1000 });
 * await chain.start();
 */
export class AuditChain {
  readonly runner: SubscriptionRunner;
  private readonly log: Logger;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly store: DatabaseEventStore,
    private readonly db: SqlDatabase,
    private readonly options: AuditChainOptions,
  ) {
    this.log = (options.logger ?? silentLogger).child('audit-chain');
    this.now = options.now ?? (() => new Date());
    this.runner = new SubscriptionRunner(store, db, {
      name: AUDIT_CHAIN_SUBSCRIPTION,
      batchSize: options.batchSize ?? 1000,
      idleMs: options.idleMs,
      logger: options.logger,
      metrics: options.metrics,
      handle: (events, tx) => this.link(events, tx),
    });
  }

  /** Starts the subscription loop and the checkpoint timer. */
  async start(): Promise<void> {
    await this.runner.init();
    this.runner.start();
    const interval = this.options.checkpointIntervalMs ?? 600_000;
    if (interval > 0) {
      // Look often enough that a checkpoint is at most a minute late, never more than needed.
      this.timer = setInterval(() => {
        this.ticking ??= this.checkpointIfStale()
          .then(() => undefined)
          .catch((error: unknown) => this.log.error('timed checkpoint failed', { error }))
          .finally(() => (this.ticking = undefined));
      }, Math.min(interval, 60_000));
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.runner.stop();
    await this.ticking;
  }

  /** Wakes the loop (events were appended in this process). */
  notify(): void {
    this.runner.notify();
  }

  /**
   * Chains everything visible in the log now, waiting while another runner holds the lock
   * (tests, the CLI, the benchmark). Returns the chain head.
   */
  async catchUp(): Promise<ChainHead> {
    await this.runner.init();
    const limit = this.runner.options.batchSize ?? 1000;
    for (;;) {
      const result = await this.runner.runBatch();
      if (result.locked) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if (result.read < limit) return AuditRecords.chainHead(this.db);
    }
  }

  /**
   * Signs the current chain head now, unless the last checkpoint already covers it. Holds the
   * subscription's lock, so no batch is half-way while it reads the head.
   */
  async checkpointNow(): Promise<StoredCheckpoint | undefined> {
    return this.db.transaction(async (tx) => {
      await this.runner.lockWithin(tx);
      const head = await AuditRecords.chainHead(tx);
      const last = await AuditRecords.lastCheckpoint(tx);
      if (head.ordinal === 0 || (last && last.eventCount >= head.ordinal)) return undefined;
      return this.writeCheckpoint(tx, head);
    });
  }

  /** The timer's check: sign the head if it moved and the last checkpoint is old enough. */
  async checkpointIfStale(): Promise<StoredCheckpoint | undefined> {
    const interval = this.options.checkpointIntervalMs ?? 600_000;
    const last = await AuditRecords.lastCheckpoint(this.db);
    if (last && this.now().getTime() - Date.parse(last.createdAt) < interval) return undefined;
    return this.checkpointNow();
  }

  private async link(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    let head = await AuditRecords.chainHead(tx);
    // A checkpoint row reset by hand must not chain an event twice: skip what is linked already.
    const linked = await tx.query<{ position: string | number }>('SELECT position FROM audit_chain WHERE position = ANY($1::bigint[])', [
      events.map((e) => e.position),
    ]);
    const done = new Set(linked.rows.map((r) => Number(r.position)));
    const ordinals: number[] = [];
    const positions: number[] = [];
    const transactions: string[] = [];
    const hashes: string[] = [];
    for (const event of events) {
      if (done.has(event.position)) continue;
      const link = chainHash(head.chainHash, event.hash, event.position);
      head = { ordinal: head.ordinal + 1, position: event.position, transactionId: event.transactionId, chainHash: link };
      ordinals.push(head.ordinal);
      positions.push(event.position);
      transactions.push(event.transactionId);
      hashes.push(link);
    }
    if (ordinals.length === 0) return;
    await tx.query(
      `INSERT INTO audit_chain (ordinal, position, transaction_id, chain_hash)
       SELECT o, p, t::xid8, h FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(o, p, t, h)`,
      [ordinals, positions, transactions, hashes],
      'audit_chain_insert',
    );
    const last = await AuditRecords.lastCheckpoint(tx);
    if (head.ordinal - (last?.eventCount ?? 0) >= (this.options.checkpointEvery ?? 1000)) await this.writeCheckpoint(tx, head);
  }

  private async writeCheckpoint(tx: SqlExecutor, head: ChainHead): Promise<StoredCheckpoint> {
    const signed = this.options.signer().signCheckpoint({
      position: head.position,
      transactionId: head.transactionId,
      eventCount: head.ordinal,
      chainHash: head.chainHash,
      createdAt: this.now().toISOString(),
    });
    const stored = await AuditRecords.insertCheckpoint(tx, signed);
    this.log.info('signed a checkpoint of the audit chain', { eventCount: stored.eventCount, position: stored.position, keyId: stored.keyId });
    return stored;
  }
}
