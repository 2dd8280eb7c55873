import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { inlineSql } from '@/lib/db/inline-sql';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { laneOf, resolveRequestTarget } from './connection-target';
import { destroyLocation } from './destroy-location';
import type { Placement } from './get-placement';
import { placementConfig } from './placement-config';
import { closePlacementPools, getPoolRegistry } from './pool-registry-instance';
import { provisionPlacement } from './provision-placement';
import { readTenantRows } from './read-tenant-data';
import { seedPromptLayer } from './test-helpers';
import { upgradeSharedSchema } from './upgrade-placements';
import { withTenantData } from './with-tenant-data';

// schema_kms placements on the application's own server share one pool: the app role logs in and
// each transaction takes the placement's role. These attack what that sharing could loosen: the
// app role's own rights, a transaction's role after it ends, and roles it was never given.
describe('the shared pool of schema_kms placements', () => {
  let kms: TestKms;
  let a: Placement;
  let b: Placement;

  before(async () => {
    // One lane, so A's and B's transactions take turns on the same connections, as the attacks need.
    process.env.BULKHEAD_PLACEMENT_SHARED_POOL_LANES = '1';
    kms = await startTestKms();
    await upgradeSharedSchema();
    a = await provisionPlacement((await createTestTenant('assumed-a')).id, 'prompt', 'schema_kms');
    b = await provisionPlacement((await createTestTenant('assumed-b')).id, 'prompt', 'schema_kms');
    await seedPromptLayer(a, 3, 'a');
    await seedPromptLayer(b, 2, 'b');
  });

  after(async () => {
    delete process.env.BULKHEAD_PLACEMENT_SHARED_POOL_LANES;
    for (const placement of [a, b]) await destroyLocation(placement);
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('both tenants are served through one pool, each as its own role', async () => {
    const [targetA, targetB] = await Promise.all([resolveRequestTarget(a), resolveRequestTarget(b)]);
    assert.equal(targetA.key, targetB.key);
    assert.notEqual(targetA.locationKey, targetB.locationKey);
    assert.deepEqual(targetA.assumed, { role: a.roleName, schema: a.schemaName });
    const whoAmI = inlineSql`SELECT current_user AS role, current_schema() AS schema, count(*)::int AS n FROM prompt_versions`;
    const seenByA = await readTenantRows<{ role: string; schema: string; n: number }>(a.tenantId, 'prompt', whoAmI);
    const seenByB = await readTenantRows<{ role: string; schema: string; n: number }>(b.tenantId, 'prompt', whoAmI);
    assert.deepEqual(seenByA.rows, [{ role: a.roleName, schema: a.schemaName, n: 3 }]);
    assert.deepEqual(seenByB.rows, [{ role: b.roleName, schema: b.schemaName, n: 2 }], "positive control: B's read sees B's rows");
    const written = await withTenantData(a.tenantId, 'prompt', (tx) => tx.$queryRaw<{ role: string }[]>`SELECT current_user AS role`);
    assert.deepEqual(written, [{ role: a.roleName }]);
  });

  test('with several lanes, each schema is served by its own lane, a share of the connections', async () => {
    process.env.BULKHEAD_PLACEMENT_SHARED_POOL_LANES = '4';
    try {
      const [targetA, targetB] = await Promise.all([resolveRequestTarget(a), resolveRequestTarget(b)]);
      for (const [target, placement] of [
        [targetA, a],
        [targetB, b],
      ] as const) {
        assert.match(target.key, new RegExp(`#${laneOf(placement.schemaName, 4)}$`));
        assert.equal(target.size, Math.ceil(placementConfig.sharedPoolSize / 4));
      }
    } finally {
      process.env.BULKHEAD_PLACEMENT_SHARED_POOL_LANES = '1';
    }
  });

  test("A's transaction naming B's schema is refused; the same query on A's own schema works", async () => {
    await assert.rejects(
      readTenantRows(a.tenantId, 'prompt', inlineSql`SELECT count(*) FROM ${{ text: `"${b.schemaName}"` }}.prompt_versions`),
      /permission denied/,
    );
    const own = await readTenantRows<{ n: number }>(
      a.tenantId,
      'prompt',
      inlineSql`SELECT count(*)::int AS n FROM ${{ text: `"${a.schemaName}"` }}.prompt_versions`,
    );
    assert.equal(own.rows[0].n, 3);
  });

  test('a connection goes back to the pool as the app role, holding none of the placement roles', async () => {
    await readTenantRows(a.tenantId, 'prompt', inlineSql`SELECT 1`);
    const lease = await getPoolRegistry().acquire(await resolveRequestTarget(a));
    const client = await lease.pool.connect();
    try {
      const { rows } = await client.query("SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant, current_schema() AS schema");
      assert.deepEqual(rows, [{ role: 'bulkhead_app', tenant: '', schema: 'data_plane' }]);
      // Membership without inheritance: outside a transaction that takes A's role, A's tables are closed.
      await assert.rejects(client.query(`SELECT count(*) FROM ${pg.escapeIdentifier(a.schemaName)}.prompt_versions`), /permission denied/);
    } finally {
      client.release(true);
      lease.release();
    }
  });

  test('the app role cannot take a role it was not given, such as the tables owner', async () => {
    const client = new pg.Client({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await assert.rejects(client.query("SELECT set_config('role', 'bulkhead_owner', true)"), /permission denied/);
      await client.query('ROLLBACK');
      // Positive control: the same call with a placement role it was given succeeds.
      await client.query('BEGIN');
      await client.query("SELECT set_config('role', $1, true)", [a.roleName]);
      assert.equal((await client.query('SELECT current_user AS role')).rows[0].role, a.roleName);
      await client.query('ROLLBACK');
      assert.equal((await client.query('SELECT current_user AS role')).rows[0].role, 'bulkhead_app');
    } finally {
      await client.end();
    }
  });

  test("a destroyed placement's role is no longer open to the app role", async () => {
    const c = await provisionPlacement((await createTestTenant('assumed-c')).id, 'prompt', 'schema_kms');
    await destroyLocation(c);
    const client = new pg.Client({ connectionString: process.env.BULKHEAD_APP_DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await assert.rejects(client.query("SELECT set_config('role', $1, true)", [c.roleName]), /role .* does not exist|permission denied/);
    } finally {
      await client.end();
    }
  });
});
