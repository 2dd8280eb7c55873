import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { connectAsOwner } from '@/lib/testing/fixtures';
import type { ConnectionTarget } from './connection-target';
import { PlacementBusyError } from './errors';
import { PoolRegistry } from './pool-registry';

// 40 "tenants", each its own pool of 2, under a cap of 6 connections: the registry must never hold
// more, and the server must never see more, whatever the order of use.
const target = (index: number): ConnectionTarget => ({
  key: `cap-test-${index}`,
  locationKey: `cap-test-${index}`,
  assumed: null,
  poolConfig: { connectionString: process.env.BULKHEAD_APP_DATABASE_URL, application_name: `cap-test-${index}` },
  schemaName: 'public',
  size: 2,
});

async function countServerConnections() {
  const owner = await connectAsOwner();
  try {
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'cap-test-%'`);
    return rows[0].n as number;
  } finally {
    await owner.end();
  }
}

describe('placement pool registry', () => {
  const registry = new PoolRegistry({ maxConnections: 6, waitMs: 300 });
  after(() => registry.closeAll());

  test('40 placements used in turn stay within the connection cap (LRU eviction)', async () => {
    let peakServer = 0;
    for (let index = 0; index < 40; index++) {
      const leases = await Promise.all([registry.acquire(target(index)), registry.acquire(target(index))]);
      // Two concurrent queries, so each pool really opens both its connections.
      await Promise.all(leases.map((lease) => lease.client.$queryRawUnsafe('SELECT pg_sleep(0.01)::text')));
      assert.ok(registry.getStats().reservedConnections <= 6);
      assert.ok(registry.getStats().openConnections <= 6);
      peakServer = Math.max(peakServer, await countServerConnections());
      leases.forEach((lease) => lease.release());
    }
    assert.ok(peakServer <= 6, `server saw ${peakServer} connections`);
    assert.ok(peakServer >= 2, 'positive control: the harness does observe open connections');
    assert.ok(registry.getStats().evictions >= 37, `evicted ${registry.getStats().evictions}`);
  });

  test('when every pool under the cap is busy, a new placement waits, then is refused, and gets in once one is released', async () => {
    const held = await Promise.all([0, 1, 2].map((index) => registry.acquire(target(100 + index))));
    await assert.rejects(registry.acquire(target(200)), PlacementBusyError);
    held[0].release();
    const lease = await registry.acquire(target(200));
    await lease.client.$queryRawUnsafe('SELECT 1');
    lease.release();
    held.slice(1).forEach((entry) => entry.release());
  });
});
