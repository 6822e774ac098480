import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@app/config';
import { startProcess, warnOfDevFeatures } from './start-process';

const SERVER = {
  DATABASE_URL: 'postgres://db.internal/grants',
  AUTH_JWT_ISSUER: 'https://id.example.vn',
  AUTH_JWT_AUDIENCE: 'grants-engine',
  DATA_KEY_ENCRYPTION_KEY: 'q1pmcmZFyR0TpFzfmQ7oyDdsX0HqUH1J3U3m0Vb0LZQ=',
  AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!',
  FINANCE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----',
};

describe('warnOfDevFeatures', () => {
  it('logs one warning saying why development features are on and how to turn them off', () => {
    const warn = jest.fn();
    warnOfDevFeatures(parseConfig({}), { warn });
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, fields] = warn.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toMatch(/^DEVELOPMENT FEATURES ARE ON because the embedded database is in use/);
    expect(message).toContain('DEV_FEATURES=off');
    expect(fields).toMatchObject({ devFeatures: true, host: '127.0.0.1' });
  });

  it('says nothing on a server start', () => {
    const warn = jest.fn();
    warnOfDevFeatures(parseConfig(SERVER), { warn });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('startProcess', () => {
  it('refuses to start with exit code 78 when POLICY_DIR cannot be read, naming it', async () => {
    const saved = { ...process.env };
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const start = jest.fn();
    const dataDir = mkdtempSync(join(tmpdir(), 'start-process-'));
    try {
      process.env = { POLICY_DIR: '/nonexistent/policies', DATA_DIR: dataDir };
      await expect(startProcess('test', start)).rejects.toThrow('exit 78');
      // One JSON line, like every other line of the process.
      const line = String(stderr.mock.calls[0]?.[0]);
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', context: 'test', exitCode: 78 });
      expect(JSON.parse(line).msg).toContain('POLICY_DIR /nonexistent/policies cannot be read as a directory');
      expect(start).not.toHaveBeenCalled();
    } finally {
      process.env = saved;
      rmSync(dataDir, { recursive: true, force: true });
      exit.mockRestore();
      stderr.mockRestore();
    }
  });

  it('refuses to start with exit code 78 when no sentinel of REDIS_SENTINELS answers, naming the variable', async () => {
    const saved = { ...process.env };
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const start = jest.fn();
    const dataDir = mkdtempSync(join(tmpdir(), 'start-process-'));
    try {
      // Port 1 on loopback: nothing listens there.
      process.env = { DEV_FEATURES: 'on', DATA_DIR: dataDir, REDIS_SENTINELS: '127.0.0.1:1', REDIS_SENTINEL_NAME: 'grants' };
      await expect(startProcess('test', start)).rejects.toThrow('exit 78');
      const line = String(stderr.mock.calls[0]?.[0]);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', context: 'test', exitCode: 78 });
      expect(JSON.parse(line).msg).toMatch(/^Invalid configuration: REDIS_SENTINELS: no sentinel answers \(127\.0\.0\.1:1: /);
      expect(start).not.toHaveBeenCalled();
    } finally {
      process.env = saved;
      rmSync(dataDir, { recursive: true, force: true });
      exit.mockRestore();
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});
