import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { createCheckpoint } from '@/lib/audit/store/create-checkpoint';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { changeTenantTiers } from '@/lib/control/change-tenant-tiers';
import { createPlatformAdmin, getTenantVersion } from '@/lib/control/control-test-fixtures';
import { findDatabaseServers } from '@/lib/control/database-servers/find-database-servers';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';
import { removeDatabaseServer } from '@/lib/control/database-servers/remove-database-server';
import { setNamespaceShard } from '@/lib/control/database-servers/set-namespace-shard';
import { databaseRolePowerCheck } from '@/lib/conformance/checks/database-role-power';
import { UserFacingError } from '@/lib/errors';
import { findPlacementStatus } from '@/lib/placement/find-placement-status';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createTestTenant } from '@/lib/testing/fixtures';
import { convergePlacements } from './converge-placements';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { getDefaultPlacement, getPlacement } from './get-placement';
import { countLayerRows, type LayerDigest } from './layer-rows';
import { LAYER_TABLES } from './layers';
import { collectChain, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer } from './migrate-layer';
import { getShardNames } from './naming';
import { readTenantRows } from './read-tenant-data';
import { openShardRolePassword } from './servers/server-secrets';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { useSecondServer } from './testing/use-second-server';
import { inlineSql } from '@/lib/db/inline-sql';
import { withTenantData } from './with-tenant-data';

const hashes = (events: { seq: number; hash: string }[]) => events.map((event) => `${event.seq}:${event.hash}`);
const MOVED = ['prompt', 'retrieval'] as const;

// Two real PostgreSQL servers: the control plane's (server 1, whose shared data_plane tables hold every
// namespace tenant by default) and a second one hosting a namespace shard, turned on as a platform
// admin turns it on. Namespace layers go primary → shard → primary by the same copy, verify, switch,
// destroy migration; on the shard, tenants share the tables and RLS alone keeps them apart.
describe('a namespace shard on a second database server', () => {
  usePlacementTestServices();
  const second = useSecondServer('namespace-shard');
  const shard = () => getShardNames(second.serverId);
  let admin: Awaited<ReturnType<typeof createPlatformAdmin>>;
  const context = () => ({ actor: { type: 'user' as const, id: admin.userId }, requestId: randomUUID() });

  /** The tenant's rows of a layer in the shard's tables, counted by the shard's superuser (no RLS). */
  async function countOnShard(tenantId: string, layer: (typeof MOVED)[number]) {
    let total = 0;
    for (const table of LAYER_TABLES[layer]) {
      const [row] = await second.server.queryAsSuperuser<{ n: number }>(
        `SELECT count(*)::int AS n FROM data_plane.${pg.escapeIdentifier(table)} WHERE tenant_id = $1`,
        [tenantId],
        shard().databaseName!,
      );
      total += row.n;
    }
    return total;
  }

  before(async () => {
    admin = await createPlatformAdmin('shard-admin');
    await setNamespaceShard(admin, { serverId: second.serverId, isHosting: true }, context());
  });

  test('prompt and retrieval: primary → shard → primary, every row and the audit chain identical, nothing left behind', async () => {
    const tenantId = (await createTestTenant('shard-trip')).id;
    // A neighbour already on the shard: the trip must not touch its rows.
    const neighbour = (await createTestTenant('shard-neighbour')).id;
    for (const layer of MOVED) await migrateLayer(neighbour, layer, 'namespace', { serverId: second.serverId, drainMs: 0 });
    await seedPromptLayer(await getPlacement(neighbour, 'prompt'), 4, 'nb');
    const neighbourDigest = await digestPlacement(await getPlacement(neighbour, 'prompt'));

    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 25, 'trip');
    await seedRetrievalLayer(await getPlacement(tenantId, 'retrieval'), 25, 'trip');
    await recordTestEvents(tenantId, 20, 'before-shard');
    await createCheckpoint(tenantId);
    const originals: Record<string, LayerDigest> = {};
    for (const layer of MOVED) originals[layer] = await digestPlacement(await getPlacement(tenantId, layer));
    assert.equal(originals.prompt.tables.messages.rows, 25, 'the seed is there to be compared');
    let expectedChain = await collectChain(tenantId);

    for (const [serverId, label] of [
      [second.serverId, 'the shard on server 2'],
      [null, 'server 1'],
    ] as const) {
      for (const layer of MOVED) {
        const result = await migrateLayer(tenantId, layer, 'namespace', { serverId, drainMs: 0 });
        const placement = await getPlacement(tenantId, layer);
        assert.deepEqual([placement.tier, placement.state, placement.serverId], ['namespace', 'active', serverId], `${layer} on ${label}`);
        assert.equal(result.placement.serverId, serverId);
        assert.deepEqual(findDigestDifferences(originals[layer], await digestPlacement(placement)), [], `${layer} on ${label}: the same rows`);
        const onShard = await countOnShard(tenantId, layer);
        const onPrimary = await countLayerRows(getDefaultPlacement(tenantId, layer));
        // 25 configs, 25 versions, a conversation and 25 messages; a document and 25 chunks.
        const expected = layer === 'prompt' ? 76 : 26;
        assert.deepEqual(
          serverId ? [onShard, onPrimary] : [onPrimary, onShard],
          [expected, 0],
          `${layer} on ${label}: every row there, none left on the other server`,
        );
      }
      const chain = await collectChain(tenantId);
      assert.deepEqual(hashes(chain.slice(0, expectedChain.length)), hashes(expectedChain), `on ${label}: every audit event kept, in order`);
      expectedChain = chain;
      const verified = await verifyTenantChain(tenantId, { checkedBy: 'namespace shard test' });
      assert.equal(verified.ok, true, JSON.stringify(verified.problem));
    }
    assert.deepEqual(findDigestDifferences(neighbourDigest, await digestPlacement(await getPlacement(neighbour, 'prompt'))), [], 'the neighbour kept its rows');
    assert.equal(await countOnShard(neighbour, 'prompt'), 13);
  });

  test('RLS on the shard: tenant A reaching for tenant B in the same tables is refused; B reaches its own (positive control)', async () => {
    const a = (await createTestTenant('shard-iso-a')).id;
    const b = (await createTestTenant('shard-iso-b')).id;
    for (const tenantId of [a, b]) await migrateLayer(tenantId, 'prompt', 'namespace', { serverId: second.serverId, drainMs: 0 });
    const placementOfB = await getPlacement(b, 'prompt');
    const { configIds: configsOfB } = await seedPromptLayer(placementOfB, 3, 'b');
    await seedPromptLayer(await getPlacement(a, 'prompt'), 2, 'a');
    assert.equal(await countOnShard(b, 'prompt'), 3 + 3 + 1 + 3, "B's rows are on the shard, in the tables A is served from");

    // Through the one helper, as A: B's rows by id, by tenant filter and in bulk are not there.
    const seenByA = await withTenantData(a, 'prompt', async (tx) => ({
      byId: await tx.promptConfig.findMany({ where: { id: { in: configsOfB } } }),
      byTenant: await tx.promptConfig.count({ where: { tenantId: b } }),
      all: await tx.promptConfig.findMany({ select: { tenantId: true } }),
    }));
    assert.deepEqual(seenByA.byId, []);
    assert.equal(seenByA.byTenant, 0);
    assert.deepEqual([...new Set(seenByA.all.map((row) => row.tenantId))], [a], 'A sees only its own rows');
    // The gateway's lean read path, as A, naming B's rows.
    const leaned = await readTenantRows<{ id: string }>(a, 'prompt', inlineSql`SELECT id::text FROM prompt_configs WHERE tenant_id = ${b}::uuid`);
    assert.deepEqual(leaned.rows, []);
    assert.equal(leaned.placement.serverId, second.serverId, 'read from the shard');
    // A write into B's rows, as A: refused by the policy's WITH CHECK.
    await assert.rejects(
      withTenantData(a, 'prompt', (tx) => tx.promptConfig.create({ data: { tenantId: b, name: 'planted' } })),
      /row-level security|42501/,
    );
    // Positive control: the same queries as B find B's rows, so the attack above would have seen a leak.
    const seenByB = await withTenantData(b, 'prompt', (tx) => tx.promptConfig.findMany({ where: { id: { in: configsOfB } } }));
    assert.equal(seenByB.length, 3);
    assert.equal(
      (await readTenantRows<{ id: string }>(b, 'prompt', inlineSql`SELECT id::text FROM prompt_configs WHERE tenant_id = ${b}::uuid`)).rows.length,
      3,
    );

    // A plain connection as the shard's application role, with no tenant set: no row of anyone.
    const [server] = await withPlatformSystemAccess('test: shard password', (tx) =>
      tx.databaseServer.findMany({ where: { id: second.serverId }, select: { shardRolePasswordSealed: true } }),
    );
    const raw = new pg.Client({
      host: '127.0.0.1',
      port: second.server.port,
      database: shard().databaseName!,
      user: shard().roleName!,
      password: await openShardRolePassword(second.serverId, server.shardRolePasswordSealed!),
    });
    await raw.connect();
    try {
      const { rows } = await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM data_plane.prompt_configs');
      assert.equal(rows[0].n, 0, 'no tenant context, no rows');
      await raw.query('BEGIN');
      await raw.query("SELECT set_config('app.tenant_id', $1, true)", [b]);
      assert.equal(
        (await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM data_plane.prompt_configs')).rows[0].n,
        3,
        'positive control: with B set, B',
      );
      await raw.query('ROLLBACK');
    } finally {
      await raw.end();
    }

    // The role requests use on the shard owns nothing and cannot bypass RLS; the owner owns the tables.
    const [role] = await second.server.queryAsSuperuser<{ rolsuper: boolean; rolbypassrls: boolean; owned: number; forced: number; tables: number }>(
      `SELECT r.rolsuper, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'data_plane' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND c.relrowsecurity AND c.relforcerowsecurity) AS forced,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'data_plane' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations') AS tables
         FROM pg_roles r WHERE r.rolname = $1`,
      [shard().roleName],
      shard().databaseName!,
    );
    assert.deepEqual([role.rolsuper, role.rolbypassrls, role.owned], [false, false, 0]);
    assert.ok(role.tables > 5 && role.forced === role.tables, `every shared table forces RLS (${role.forced}/${role.tables})`);

    // The conformance check of request roles inspects the shard role on its own server and finds nothing.
    const probe = { id: a, slug: 'shard-iso-a', name: 'shard-iso-a' };
    const outcome = await databaseRolePowerCheck.run({
      target: probe,
      other: { ...probe, id: b },
      runId: randomUUID(),
      actor: { type: 'system', id: 'namespace-shard-test' },
      recordProbe: async () => {},
    });
    assert.equal(outcome.isRefused, true, outcome.observed);
    assert.match(outcome.observed, new RegExp(`${shard().roleName}`));
    assert.equal(outcome.control?.isDetected, true, 'positive control: the same inspection finds what the owner owns');
  });

  test('the servers page lists the shard and its tenants; removal and turning the shard off are refused (409) while it has tenants', async () => {
    const tenant = await createTestTenant('shard-listed');
    await migrateLayer(tenant.id, 'retrieval', 'namespace', { serverId: second.serverId, drainMs: 0 });
    const listed = (await findDatabaseServers(admin)).servers.find((server) => server.id === second.serverId)!;
    const entry = listed.namespaceShard?.tenants.find((shardTenant) => shardTenant.slug === tenant.slug);
    assert.deepEqual(entry?.layers, ['retrieval']);
    const status = await findPlacementStatus(tenant.id);
    assert.equal(status.find((row) => row.layer === 'retrieval')?.serverName, listed.name, "the tenant's own card names the server");
    assert.equal(status.find((row) => row.layer === 'prompt')?.serverName, null, 'a layer on the control plane server names none');

    await assert.rejects(removeDatabaseServer(admin, second.serverId, context()), (error: unknown) => {
      assert.ok(error instanceof UserFacingError, String(error));
      assert.equal(error.status, 409);
      assert.match(error.message, /a namespace shard with \d+ tenants?/);
      return true;
    });
    await assert.rejects(setNamespaceShard(admin, { serverId: second.serverId, isHosting: false }, context()), (error: unknown) => {
      return error instanceof UserFacingError && error.status === 409 && /still has tenants/.test(error.message);
    });
  });

  test('the tier form records a shard for a namespace layer and the worker carries it out; a server with no shard, or the log, is refused', async () => {
    const tenant = await createTestTenant('shard-form');
    await seedPromptLayer(await getPlacement(tenant.id, 'prompt'), 5, 'form');
    const original = await digestPlacement(await getPlacement(tenant.id, 'prompt'));
    const tiers = { prompt: 'namespace', retrieval: 'namespace', logs: 'namespace' } as const;
    const change = (servers: Record<string, string | null>) =>
      getTenantVersion(tenant.id).then((expectedUpdatedAt) =>
        changeTenantTiers(admin, tenant.id, { tiers, servers, expectedUpdatedAt }, { requestId: randomUUID() }),
      );

    await change({ prompt: second.serverId, logs: second.serverId });
    const row = await withPlatformSystemAccess('test: read', (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenant.id } }));
    assert.deepEqual([row.promptServerId, row.logsServerId], [second.serverId, null], 'the namespace log stays on the control plane server');
    const outcomes = await convergePlacements({ drainMs: 0, shouldAttempt: (id) => id === tenant.id });
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.layer, outcome.error]),
      [['prompt', undefined]],
    );
    const moved = await getPlacement(tenant.id, 'prompt');
    assert.equal(moved.serverId, second.serverId);
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(moved)), []);

    const plain = await createPlatformAdmin('shard-form-other');
    const noShard = await registerDatabaseServer(
      plain,
      {
        name: `no-shard-${randomUUID().slice(0, 8)}`,
        ownerUrl: 'postgres://o:p@db-none.internal:5432/postgres',
        tlsMode: 'disable',
        region: '',
        capacityNotes: '',
      },
      context(),
    );
    await assert.rejects(
      change({ retrieval: noShard.id }),
      (error: unknown) => error instanceof UserFacingError && error.status === 422 && /hosts no namespace shard/.test(error.message),
    );
    await assert.rejects(migrateLayer(tenant.id, 'retrieval', 'namespace', { serverId: noShard.id, drainMs: 0 }), /hosts no namespace shard/);
    await assert.rejects(migrateLayer(tenant.id, 'logs', 'namespace', { serverId: second.serverId, drainMs: 0 }), /namespace log stays/);
    // Back: the choice cleared, the worker moves it home.
    await change({ prompt: null });
    await convergePlacements({ drainMs: 0, shouldAttempt: (id) => id === tenant.id });
    assert.equal((await getPlacement(tenant.id, 'prompt')).serverId, null);
    assert.equal(await countOnShard(tenant.id, 'prompt'), 0);
  });
});
