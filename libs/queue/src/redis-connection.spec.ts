import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { describeRedis, primaryFromSentinels, RedisSentinelConfigError } from './redis-connection';

/** A stand-in sentinel that knows one primary name, speaking just enough RESP. */
async function fakeSentinel(known: string, primary: [string, string]): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      // One reply per command of the chunk (a client may pipeline its set-up commands); anything but SENTINEL is acknowledged.
      for (const command of chunk.toString('utf8').split(/^\*\d+\r\n/m).filter((c) => c !== '')) {
        const args = command.split('\r\n').filter((line) => line !== '' && !line.startsWith('$'));
        if (args[0]?.toUpperCase() !== 'SENTINEL') socket.write('+OK\r\n');
        else if (args[2] !== known) socket.write('*-1\r\n');
        else socket.write(`*2\r\n$${primary[0].length}\r\n${primary[0]}\r\n$${primary[1].length}\r\n${primary[1]}\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('primaryFromSentinels', () => {
  let sentinel: { server: Server; port: number; sockets: Set<Socket> };
  beforeAll(async () => {
    sentinel = await fakeSentinel('grants', ['10.0.0.5', '6380']);
  });
  afterAll(async () => {
    for (const socket of sentinel.sockets) socket.destroy();
    await new Promise((resolve) => sentinel.server.close(resolve));
  });

  it('asks the sentinels in turn, past one that does not answer, for the primary', async () => {
    const down = await closedPort();
    const primary = await primaryFromSentinels({
      name: 'grants',
      sentinels: [
        { host: '127.0.0.1', port: down },
        { host: '127.0.0.1', port: sentinel.port },
      ],
    });
    expect(primary).toEqual({ host: '10.0.0.5', port: 6380 });
  });

  it('names REDIS_SENTINEL_NAME when the sentinels that answer do not know the name', async () => {
    const asking = primaryFromSentinels({ name: 'grantz', sentinels: [{ host: '127.0.0.1', port: sentinel.port }] });
    await expect(asking).rejects.toThrow(RedisSentinelConfigError);
    await expect(asking).rejects.toThrow(/^REDIS_SENTINEL_NAME "grantz" is not a primary the sentinels watch/);
  });

  it('names REDIS_SENTINELS when no sentinel answers', async () => {
    const down = await closedPort();
    const asking = primaryFromSentinels({ name: 'grants', sentinels: [{ host: '127.0.0.1', port: down }] }, 1000);
    await expect(asking).rejects.toThrow(/^REDIS_SENTINELS: no sentinel answers \(127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  });
});

describe('describeRedis', () => {
  it('shows the sentinels and the name, or the URL without its password', () => {
    expect(describeRedis({ url: 'redis://:secret@10.0.0.1:6379', sentinel: { name: 'grants', sentinels: [{ host: '::1', port: 26379 }, { host: 'a', port: 1 }] } })).toBe(
      'primary "grants" of the sentinels [::1]:26379,a:1',
    );
    expect(describeRedis({ url: 'redis://:secret@10.0.0.1:6379' })).toBe('redis://:***@10.0.0.1:6379');
  });
});
