import { connect, createServer, Server, Socket } from 'node:net';
import { testRedisUrl } from '@app/testing';

/**
 * A TCP relay between one engine and Redis, so a test can take Redis away from that engine alone
 * (other suites share the server): `cut()` drops every connection and refuses new ones until
 * `restore()`.
 *
 * @example
 * const relay = new RedisRelay();
 * await relay.start();
 * const engine = await startTestEngine({ env: { REDIS_URL: relay.url } });
 * relay.cut();
 */
export class RedisRelay {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private server: Server | undefined;
  /** The Redis URL that goes through the relay (set by `start`). */
  url = '';

  async start(): Promise<void> {
    const target = new URL(testRedisUrl());
    this.server = createServer((client) => {
      if (!this.up) return void client.destroy();
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(testRedisUrl());
    relayed.hostname = '127.0.0.1';
    relayed.port = String((this.server?.address() as { port: number }).port);
    this.url = relayed.toString();
  }

  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
