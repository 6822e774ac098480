import type { Clock } from '@app/application';
import type { EngineConfig } from '@app/config';
import type { Logger } from '@app/observability';

export interface RuntimeOptions {
  readonly config: EngineConfig;
  /** Run subscriptions (projections) and queue workers in this process. */
  readonly worker: boolean;
  /** Apply pending migrations at start (single-node mode); otherwise refuse to start with pending ones. */
  readonly migrate: boolean;
  /** Replace the clock (tests). */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Multiplies the webhook retry schedule (tests); 1 by default. */
  readonly webhookRetryScale?: number;
}
