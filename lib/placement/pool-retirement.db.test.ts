import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsOwner } from '@/lib/testing/fixtures';
import type { ConnectionTarget } from './connection-target';
import { PoolRegistry } from './pool-registry';

const TENANT = '00000000-0000-4000-8000-00000000a001';
const OTHER_TENANT = '00000000-0000-4000-8000-00000000b002';

// Pools of a tenant's layer at two generations (the location before and after a switch), and one of
// another tenant, each with its own application name so the server's session list tells them apart.
const target = (name: string, tenantId: string, generation: number): ConnectionTarget => ({
  key: `retire-test-${name}`,
  locationKey: `retire-test-${name}`,
  assumed: null,
  placement: { tenantId, layer: 'prompt', generation },
  poolConfig: { connectionString: process.env.BULKHEAD_APP_DATABASE_URL, application_name: `retire-test-${name}` },
  schemaName: 'public',
  size: 1,
});

async function countSessions(name: string): Promise<number> {
  const owner = await connectAsOwner();
  try {
    const { rows } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [`retire-test-${name}`]);
    return rows[0].n;
  } finally {
    await owner.end();
  }
}

async function waitForSessions(name: string, expected: number) {
  for (let waited = 0; (await countSessions(name)) !== expected; waited += 25) {
    if (waited > 5_000) throw new Error(`${name} kept ${await countSessions(name)} sessions, expected ${expected}`);
    await sleep(25);
  }
}

describe('retiring the pools of an older placement location', () => {
  const registry = new PoolRegistry({ maxConnections: 10 });
  after(() => registry.closeAll());

  test('an idle pool of another generation closes at once; a busy one finishes its work, then closes; the current one and other tenants stay', async () => {
    const idleOld = await registry.acquire(target('idle-old', TENANT, 1));
    await idleOld.client.$queryRawUnsafe('SELECT 1');
    idleOld.release();
    const busyOld = await registry.acquire(target('busy-old', TENANT, 2));
    await busyOld.client.$queryRawUnsafe('SELECT 1');
    const current = await registry.acquire(target('current', TENANT, 3));
    await current.client.$queryRawUnsafe('SELECT 1');
    current.release();
    const other = await registry.acquire(target('other', OTHER_TENANT, 1));
    await other.client.$queryRawUnsafe('SELECT 1');
    other.release();
    // Positive control: every pool holds a session the harness can see.
    for (const name of ['idle-old', 'busy-old', 'current', 'other']) assert.equal(await countSessions(name), 1, name);

    assert.equal(registry.retireOtherGenerations(TENANT, 'prompt', 3), 2);
    await waitForSessions('idle-old', 0);
    // The request still on the old location finishes there.
    assert.deepEqual(await busyOld.client.$queryRawUnsafe('SELECT 2 AS n'), [{ n: 2 }]);
    assert.equal(await countSessions('busy-old'), 1);
    busyOld.release();
    await waitForSessions('busy-old', 0);
    assert.equal(await countSessions('current'), 1);
    assert.equal(await countSessions('other'), 1);
    assert.equal(registry.getStats().pools, 2);

    // A new lease for the old location gets a new pool, never the retired one.
    const again = await registry.acquire(target('busy-old', TENANT, 2));
    assert.notEqual(again.pool, busyOld.pool);
    again.release();
  });
});
