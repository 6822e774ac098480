import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * Where the engine's Redis is: `url` alone (`REDIS_URL`), or the sentinels that know the current
 * primary (`REDIS_SENTINELS`, `REDIS_SENTINEL_NAME`), `url` then giving only the primary's
 * credentials, database and TLS.
 */
export interface RedisTarget {
  readonly url: string;
  readonly sentinel?: {
    readonly sentinels: readonly { readonly host: string; readonly port: number }[];
    readonly name: string;
    readonly password?: string;
  };
}

/** The target as an operator reads it in a message, without passwords. */
export function describeRedis(target: RedisTarget): string {
  if (target.sentinel) {
    const list = target.sentinel.sentinels.map((s) => (s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`)).join(',');
    return `primary "${target.sentinel.name}" of the sentinels ${list}`;
  }
  return redactUrl(target.url);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * A connection to the target. Through Sentinel it asks the sentinels for the primary, reconnects
 * when they announce a new one (`+switch-master`), and reconnects on `READONLY` (a demoted
 * primary still reached through an old socket), so a failover needs no restart.
 *
 * @example
 * const redis = redisClient({ url: config.redisUrl, sentinel: config.redisSentinel }, { lazyConnect: true });
 */
export function redisClient(target: RedisTarget, options: RedisOptions): Redis {
  if (!target.sentinel) return new IORedis(target.url, options);
  const { sentinels, name, password } = target.sentinel;
  return new IORedis(target.url, {
    ...options,
    sentinels: sentinels.map((s) => ({ host: s.host, port: s.port })),
    name,
    ...(password ? { sentinelPassword: password } : {}),
    failoverDetector: true,
    sentinelMaxConnections: 3,
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  });
}

/**
 * The sentinels cannot tell where the primary is: none answers, or none knows the name. A
 * configuration error (exit 78), naming the variable to fix.
 */
export class RedisSentinelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisSentinelConfigError';
  }
}

/**
 * Asks the sentinels, one after the other, where the primary named `name` is. Throws
 * {@link RedisSentinelConfigError} naming `REDIS_SENTINEL_NAME` when the sentinels that answer do
 * not know it, or `REDIS_SENTINELS` when none answers.
 *
 * @example
 * const primary = await primaryFromSentinels(config.redisSentinel); // { host: '10.0.0.5', port: 6379 }
 */
export async function primaryFromSentinels(sentinel: NonNullable<RedisTarget['sentinel']>, timeoutMs = 3000): Promise<{ host: string; port: number }> {
  const failures: string[] = [];
  let answered = 0;
  for (const s of sentinel.sentinels) {
    const client = new IORedis({
      host: s.host,
      port: s.port,
      ...(sentinel.password ? { password: sentinel.password } : {}),
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableReadyCheck: false,
    });
    let cause: Error | undefined;
    client.on('error', (error: Error) => (cause = error)); // reported below
    try {
      await client.connect();
      const reply = (await client.call('SENTINEL', 'get-master-addr-by-name', sentinel.name)) as [string, string] | null;
      answered += 1;
      if (reply && reply.length === 2) return { host: reply[0], port: Number(reply[1]) };
      failures.push(`${s.host}:${s.port} does not know "${sentinel.name}"`);
    } catch (error) {
      failures.push(`${s.host}:${s.port}: ${(cause ?? (error instanceof Error ? error : new Error(String(error)))).message}`);
    } finally {
      client.disconnect();
    }
  }
  if (answered > 0) {
    throw new RedisSentinelConfigError(
      `REDIS_SENTINEL_NAME "${sentinel.name}" is not a primary the sentinels watch (${failures.join('; ')}); set it to the name in their "sentinel monitor" line`,
    );
  }
  throw new RedisSentinelConfigError(`REDIS_SENTINELS: no sentinel answers (${failures.join('; ')}); list reachable sentinels as host:port,…`);
}
