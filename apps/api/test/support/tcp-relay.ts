import { connect, createServer, Server, Socket } from 'node:net';
import { testDatabaseUrl, testRedisUrl } from '@app/testing';

/**
 * A TCP relay between one engine and a server it needs (PostgreSQL, Redis), so a test can take
 * the server away from that engine alone while other suites keep using it: `cut()` drops every
 * connection and refuses new ones (as a restarting server does) until `restore()`.
 *
 * @example
 * const relay = await TcpRelay.start(testDatabaseUrl());
 * const engine = await startTestEngine({ env: { DATABASE_URL: relay.url } });
 * relay.cut();
 * relay.restore();
 */
export class TcpRelay {
  private readonly sockets = new Set<Socket>();
  private up = true;
  private server: Server | undefined;
  /** Connections accepted since the start, refused ones included (a sign of reconnection attempts). */
  attempts = 0;
  /** The target URL with its host and port replaced by the relay's (set by `start`). */
  url = '';

  constructor(private readonly target: string) {}

  /** A started relay to the server of `target` (a `postgres://` or `redis://` URL). */
  static async start(target: string): Promise<TcpRelay> {
    const relay = new TcpRelay(target);
    await relay.start();
    return relay;
  }

  async start(): Promise<void> {
    const target = new URL(this.target);
    const port = Number(target.port || (target.protocol.startsWith('redis') ? 6379 : 5432));
    this.server = createServer((client) => {
      this.attempts += 1;
      if (!this.up) return void client.destroy();
      const upstream = connect(port, target.hostname);
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
    const relayed = new URL(this.target);
    relayed.hostname = '127.0.0.1';
    relayed.port = String((this.server?.address() as { port: number }).port);
    this.url = relayed.toString();
  }

  /** Whether connections go through. */
  get isUp(): boolean {
    return this.up;
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

/** A relay to the tests' PostgreSQL. */
export const startPgRelay = (): Promise<TcpRelay> => TcpRelay.start(testDatabaseUrl());

/** A relay to the tests' Redis. */
export const startRedisRelay = (): Promise<TcpRelay> => TcpRelay.start(testRedisUrl());
