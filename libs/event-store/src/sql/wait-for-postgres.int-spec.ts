import { connect, createServer, Server } from 'node:net';
import { testDatabaseUrl } from '@app/testing';
import { DatabaseUnreachableError, waitForPostgres } from './pg-database';

jest.setTimeout(30_000);

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A relay on `port` to the tests' PostgreSQL: the database "comes up" when it starts. */
async function relayOn(port: number): Promise<Server> {
  const target = new URL(testDatabaseUrl());
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

function urlOn(port: number): string {
  const url = new URL(testDatabaseUrl());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

describe('waitForPostgres at start', () => {
  it('waits for a database that comes up within the window', async () => {
    const port = await freePort();
    const retries: number[] = [];
    let relay: Server | undefined;
    const waiting = waitForPostgres(urlOn(port), {
      setting: 'DATABASE_URL',
      timeoutMs: 20_000,
      retryEveryMs: 200,
      onRetry: (_error, attempt) => {
        retries.push(attempt);
        // The database comes up after a few refused attempts.
        if (attempt === 3) void relayOn(port).then((server) => (relay = server));
      },
    });
    await expect(waiting).resolves.toBeUndefined();
    expect(retries.length).toBeGreaterThanOrEqual(3);
    relay?.close();
  });

  it('gives up after the window, naming the setting and the server, without the password', async () => {
    const port = await freePort();
    const url = urlOn(port).replace('postgres://postgres@', 'postgres://postgres:hunter2@');
    const error = await waitForPostgres(url, { setting: 'DATABASE_READ_URL', timeoutMs: 600, retryEveryMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(/^DATABASE_READ_URL: PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\S+ cannot be reached \(.*ECONNREFUSED.*\)/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('does not wait for a database that does not exist', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = '/grants_no_such_database';
    const onRetry = jest.fn();
    const error = await waitForPostgres(url.toString(), { setting: 'DATABASE_URL', timeoutMs: 60_000, onRetry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain('grants_no_such_database');
    // Refused at the first attempt, not tried again for the minute it was given.
    expect(onRetry).not.toHaveBeenCalled();
  });
});
