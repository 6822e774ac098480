import { createServer } from 'node:net';
import { testRedisUrl } from '@app/testing';
import { startProcess } from './start-process';

const SERVER = {
  AUTH_JWT_ISSUER: 'https://id.example.vn',
  AUTH_JWT_AUDIENCE: 'grants-engine',
  DATA_KEY_ENCRYPTION_KEY: 'q1pmcmZFyR0TpFzfmQ7oyDdsX0HqUH1J3U3m0Vb0LZQ=',
  AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!',
  FINANCE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----',
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('startProcess with a database it cannot reach', () => {
  it('refuses to start with exit code 78 after DATABASE_CONNECT_TIMEOUT_MS, in one line naming DATABASE_URL', async () => {
    const saved = { ...process.env };
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const start = jest.fn();
    try {
      process.env = {
        ...SERVER,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/grants`,
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        REDIS_URL: testRedisUrl(),
        LOG_LEVEL: 'error',
      };
      await expect(startProcess('test', start)).rejects.toThrow('exit 78');
      expect(stderr).toHaveBeenCalledTimes(1);
      const line = JSON.parse(String(stderr.mock.calls[0]?.[0])) as { msg: string; exitCode: number; level: string };
      expect(line).toMatchObject({ level: 'error', exitCode: 78 });
      expect(line.msg).toMatch(/^Cannot start: DATABASE_URL: PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/grants cannot be reached/);
      expect(start).not.toHaveBeenCalled();
    } finally {
      process.env = saved;
      exit.mockRestore();
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});
