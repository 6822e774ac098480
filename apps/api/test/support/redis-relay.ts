import { testRedisUrl } from '@app/testing';
import { TcpRelay } from './tcp-relay';

/**
 * A {@link TcpRelay} between one engine and Redis, so a test can take Redis away from that engine
 * alone (other suites share the server): `cut()` drops every connection and refuses new ones until
 * `restore()`.
 *
 * @example
 * const relay = new RedisRelay();
 * await relay.start();
 * const engine = await startTestEngine({ env: { REDIS_URL: relay.url } });
 * relay.cut();
 */
export class RedisRelay extends TcpRelay {
  constructor() {
    super(testRedisUrl());
  }
}
