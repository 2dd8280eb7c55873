import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { emptySql, inlineSql, type InlineSql } from '@/lib/db/inline-sql';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { KmsDecryptError } from '@/lib/kms';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { resolveConnectionTarget, resolveRequestTarget } from './connection-target';
import { destroyLocation } from './destroy-location';
import { getPlacement, type Placement } from './get-placement';
import type { Tier } from './layers';
import { closePlacementPools, getPoolRegistry } from './pool-registry-instance';
import { provisionPlacement } from './provision-placement';
import { readTenantRows } from './read-tenant-data';
import { openField } from './sealed-fields';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { upgradeSharedSchema } from './upgrade-placements';
import { withTenantData } from './with-tenant-data';

// Attacks on each tier: hold tenant A's placement and try to reach B's data, with a positive control
// (B reaches its own) for each, so a harness that sees nothing cannot pass.
const tiers: Tier[] = ['namespace', 'schema_kms', 'dedicated'];

/** A plain connection as the placement's own role, bypassing withTenantData on purpose. */
async function connectAsPlacementRole(placement: Placement) {
  const client = new pg.Client((await resolveConnectionTarget(placement)).poolConfig);
  await client.connect();
  return client;
}

for (const tier of tiers) {
  describe(`${tier} placement isolation (prompt and retrieval layers)`, () => {
    let kms: TestKms;
    const placements: Record<'a' | 'b', { prompt: Placement; retrieval: Placement }> = {} as never;
    let versionsOfB: string[];

    before(async () => {
      kms = await startTestKms();
      await upgradeSharedSchema();
      for (const side of ['a', 'b'] as const) {
        const tenant = await createTestTenant(`iso-${tier}-${side}`);
        placements[side] = {
          prompt: await provisionPlacement(tenant.id, 'prompt', tier),
          retrieval: await provisionPlacement(tenant.id, 'retrieval', tier),
        };
      }
      await seedPromptLayer(placements.a.prompt, 3, 'a');
      versionsOfB = (await seedPromptLayer(placements.b.prompt, 3, 'b')).versionIds;
      await seedRetrievalLayer(placements.a.retrieval, 2, 'a');
      await seedRetrievalLayer(placements.b.retrieval, 2, 'b');
    });

    after(async () => {
      if (tier !== 'namespace')
        for (const side of ['a', 'b'] as const) for (const placement of Object.values(placements[side])) await destroyLocation(placement);
      await closePlacementPools();
      await disconnectAllPrismaClients();
      await kms.stop();
    });

    test('the placement is where the tier says; its role has no power beyond login', async () => {
      const { prompt } = placements.a;
      assert.equal(prompt.tier, tier);
      assert.equal(prompt.state, 'active');
      assert.equal(prompt.roleName === null, tier === 'namespace');
      assert.equal(prompt.databaseName !== null, tier === 'dedicated');
      const owner = await connectAsOwner();
      try {
        const role = prompt.roleName ?? 'bulkhead_app';
        const { rows } = await owner.query('SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit FROM pg_roles WHERE rolname = $1', [role]);
        assert.deepEqual(rows, [{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false }]);
      } finally {
        await owner.end();
      }
    });

    test("A's client reads only A's rows; B's reads B's (positive control)", async () => {
      for (const side of ['a', 'b'] as const) {
        const tenantId = placements[side].prompt.tenantId;
        const versions = await withTenantData(tenantId, 'prompt', (tx) => tx.promptVersion.findMany());
        assert.equal(versions.length, 3);
        assert.ok(versions.every((row) => row.tenantId === tenantId));
        const chunks = await withTenantData(
          tenantId,
          'retrieval',
          (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM chunks WHERE search_vector @@ to_tsquery('english', 'harbour')`,
        );
        assert.equal(chunks[0].n, 2);
      }
      const byKey = await withTenantData(placements.a.prompt.tenantId, 'prompt', (tx) => tx.promptVersion.findMany({ where: { id: { in: versionsOfB } } }));
      assert.deepEqual(byKey, []);
    });

    test("the gateway's lean read (one round trip) sees A's rows only, refuses writes, and leaves nothing on the connection", async () => {
      const a = placements.a.prompt;
      const b = placements.b.prompt;
      const count = (tenantId: string, where: InlineSql = emptySql) =>
        readTenantRows<{ n: number }>(tenantId, 'prompt', inlineSql`SELECT count(*)::int AS n FROM prompt_versions ${where}`).then(({ rows }) => rows[0].n);
      assert.equal(await count(a.tenantId), 3);
      assert.equal(await count(b.tenantId), 3, "positive control: B's own read sees B's rows");
      assert.equal(await count(a.tenantId, inlineSql`WHERE tenant_id = ${b.tenantId}::uuid`), 0);
      if (tier === 'schema_kms') {
        await assert.rejects(
          readTenantRows(a.tenantId, 'prompt', inlineSql`SELECT 1 FROM ${{ text: `"${b.schemaName}"` }}.prompt_versions`),
          /permission denied/,
        );
      }
      await assert.rejects(readTenantRows(a.tenantId, 'prompt', inlineSql`DELETE FROM prompt_versions`), /read-only transaction/);
      assert.equal(await count(a.tenantId), 3);
      // The connection the failures ran on goes back to the pool with no transaction and no tenant setting.
      const lease = await getPoolRegistry().acquire(await resolveRequestTarget(a));
      const client = await lease.pool.connect();
      try {
        const { rows } = await client.query("SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('transaction_read_only') AS read_only");
        assert.deepEqual(rows, [{ tenant: '', read_only: 'off' }]);
      } finally {
        client.release();
        lease.release();
      }
    });

    test("A's client cannot write a row of B's, nor change or delete B's rows", async () => {
      const a = placements.a.prompt.tenantId;
      const b = placements.b.prompt.tenantId;
      await assert.rejects(
        withTenantData(a, 'prompt', (tx) => tx.conversation.create({ data: { tenantId: b, title: 'planted' } })),
        /row-level security|violates/,
      );
      const changed = await withTenantData(a, 'prompt', (tx) => tx.promptVersion.updateMany({ where: { id: { in: versionsOfB } }, data: { version: 99 } }));
      const deleted = await withTenantData(a, 'prompt', (tx) => tx.promptVersion.deleteMany({ where: { id: { in: versionsOfB } } }));
      assert.equal(changed.count + deleted.count, 0);
      assert.equal(await withTenantData(b, 'prompt', (tx) => tx.promptVersion.count({ where: { version: 1 } })), 3);
    });

    test("raw SQL from A's connection naming B's schema or database is refused", async () => {
      const a = placements.a.prompt;
      const b = placements.b.prompt;
      if (tier === 'namespace') {
        // Same shared tables: RLS is the wall. Naming B explicitly still returns nothing.
        const rows = await withTenantData(a.tenantId, 'prompt', (tx) =>
          tx.$queryRawUnsafe<unknown[]>(`SELECT * FROM data_plane.prompt_versions WHERE tenant_id = $1::uuid`, b.tenantId),
        );
        assert.deepEqual(rows, []);
        return;
      }
      if (tier === 'schema_kms') {
        await assert.rejects(
          withTenantData(a.tenantId, 'prompt', (tx) => tx.$queryRawUnsafe(`SELECT * FROM "${b.schemaName}".prompt_versions`)),
          /permission denied/,
        );
        const own = await withTenantData(a.tenantId, 'prompt', (tx) => tx.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${a.schemaName}".prompt_versions`));
        assert.equal(own.length, 3, 'positive control: the same query on its own schema works');
        // Nor can A's role read the control plane's tables.
        const client = await connectAsPlacementRole(a);
        try {
          await assert.rejects(client.query('SELECT * FROM public.tenants'), /permission denied/);
        } finally {
          await client.end();
        }
        return;
      }
      const intoB = new pg.Client({ ...(await resolveConnectionTarget(a)).poolConfig, database: b.databaseName! });
      await assert.rejects(intoB.connect(), /permission denied for database/);
      const control = new pg.Client({ ...(await resolveConnectionTarget(a)).poolConfig });
      await control.connect();
      await control.end();
    });

    test("B's ciphertext planted in A's table does not decrypt for A", async () => {
      const a = placements.a.prompt;
      const b = placements.b.prompt;
      const [ofB] = await withTenantData(b.tenantId, 'prompt', (tx) => tx.promptVersion.findMany({ take: 1 }));
      const ref = { table: 'prompt_versions', column: 'body', rowId: ofB.id };
      if (tier === 'namespace') {
        assert.match(await openField(b, ref, ofB.body), /^b system prompt/, 'namespace stores plaintext under RLS');
        return;
      }
      assert.ok(ofB.body.startsWith('bh1.'), 'the stored body is an envelope');
      assert.match(await openField(b, ref, ofB.body), /^b system prompt/, 'positive control: B opens its own');
      // Plant it in A's table under the same row id, as A: the row is A's, the ciphertext B's.
      const [ofA] = await withTenantData(a.tenantId, 'prompt', (tx) => tx.promptConfig.findMany({ take: 1 }));
      await withTenantData(a.tenantId, 'prompt', (tx) =>
        tx.promptVersion.create({ data: { id: ofB.id, tenantId: a.tenantId, configId: ofA.id, version: 7, body: ofB.body, canary: ofB.canary } }),
      );
      const planted = await withTenantData(a.tenantId, 'prompt', (tx) => tx.promptVersion.findUniqueOrThrow({ where: { id: ofB.id } }));
      await assert.rejects(openField(a, ref, planted.body), KmsDecryptError);
      await withTenantData(a.tenantId, 'prompt', (tx) => tx.promptVersion.delete({ where: { id: ofB.id } }));
    });

    test('with no tenant context the placement role reads nothing and cannot write', async () => {
      const a = placements.a.prompt;
      const client = await connectAsPlacementRole(a);
      try {
        const none = await client.query('SELECT count(*)::int AS n FROM prompt_versions');
        assert.equal(none.rows[0].n, 0);
        await assert.rejects(client.query(`INSERT INTO conversations (tenant_id) VALUES ($1)`, [a.tenantId]), /row-level security/);
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [a.tenantId]);
        const some = await client.query('SELECT count(*)::int AS n FROM prompt_versions');
        await client.query('ROLLBACK');
        assert.equal(some.rows[0].n, 3, 'positive control: with the context the same connection sees the rows');
      } finally {
        await client.end();
      }
    });

    test('provisioning twice is harmless: same location, same credentials, data intact', async () => {
      const before = placements.a.prompt;
      const again = await provisionPlacement(before.tenantId, 'prompt', tier);
      assert.equal(again.schemaName, before.schemaName);
      assert.equal(again.databaseName, before.databaseName);
      assert.equal(again.rolePasswordSealed, before.rolePasswordSealed);
      assert.deepEqual(await getPlacement(before.tenantId, 'prompt'), again);
      assert.equal(await withTenantData(before.tenantId, 'prompt', (tx) => tx.promptVersion.count()), 3);
    });
  });
}
