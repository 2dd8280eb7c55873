import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, test } from 'node:test';
import pg from 'pg';
import { connectAsApp } from '@/lib/testing/fixtures';
import { handlePoolErrors } from './pool-errors';

// The application role may terminate its own sessions, which is all these tests need.
const killer = connectAsApp();
const terminate = async (pid: number) => (await killer).query('SELECT pg_terminate_backend($1)', [pid]);
const backendPid = async (client: pg.PoolClient) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;

after(async () => {
  await (await killer).end();
});

test('control: a checked-out client whose session is terminated emits an error event (uncaught without a listener)', async () => {
  const pool = new pg.Pool({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL, max: 1 });
  pool.on('error', () => {});
  const client = await pool.connect();
  assert.equal(client.listenerCount('error'), 0, "pg's pool leaves a checked-out client without an error listener");
  client.on('error', () => {}); // only so this control itself does not crash the test process
  const errored = once(client, 'error');
  await terminate(await backendPid(client));
  const [error] = await errored;
  assert.match(String((error as Error).message), /terminating connection due to administrator command/);
  client.release(true);
  await pool.end();
});

test('handlePoolErrors: the same termination is absorbed, the next statement fails, and the pool recovers', async () => {
  const pool = handlePoolErrors(new pg.Pool({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL, max: 1 }));
  const client = await pool.connect();
  assert.ok(client.listenerCount('error') > 0);
  const pid = await backendPid(client);
  await terminate(pid);
  // Give the termination notice time to arrive as an event; an unhandled one would fail this test file.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await assert.rejects(client.query('SELECT 1'));
  client.release(true);
  const fresh = await pool.connect();
  assert.notEqual(await backendPid(fresh), pid, 'a new session replaced the terminated one');
  fresh.release();
  await pool.end();
});
