/**
 * Runs once before integration and end-to-end tests: checks that the local PostgreSQL and Redis
 * answer, and makes the test database. Each test file then works in its own schema and Redis
 * key prefix (see libs/testing), so parallel files and parallel runs never collide.
 */
const { Client } = require('pg');
const net = require('node:net');

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_TEST_DB = 'grants_test';

function redisPing(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(3000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      const reply = data.toString();
      if (reply.startsWith('+PONG') || reply.startsWith('-NOAUTH')) resolve();
      else reject(new Error(`unexpected answer ${reply.trim()}`));
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('timed out'));
    });
    socket.once('error', reject);
  });
}

module.exports = async () => {
  if (!process.env.DATABASE_URL) {
    const admin = new Client({ connectionString: DEFAULT_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at ${DEFAULT_ADMIN_URL} (${error.message}); start it or set DATABASE_URL`, { cause: error });
    }
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEFAULT_TEST_DB]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${DEFAULT_TEST_DB}`).catch((error) => {
        // Two runs starting together may both try; the loser finds it made.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
    await admin.end();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DEFAULT_TEST_DB}`;
  } else {
    const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at DATABASE_URL (${error.message})`, { cause: error });
    }
  }
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  try {
    await redisPing(redisUrl);
  } catch (error) {
    throw new Error(`Redis is not reachable at ${redisUrl} (${error.message}); start it or set REDIS_URL`, { cause: error });
  }
};
