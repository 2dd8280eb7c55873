import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { configurePipeline, getPipelineDependencies } from '@/lib/enforcement/pipeline-config';
import { PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { describeKey, ensureTenantKey } from '@/lib/kms';
import { getKmsClient } from '@/lib/kms/kms-client';
import { buildKeyPolicy } from '@/lib/kms/key-policy';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement } from '@/lib/placement/get-placement';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import pg from 'pg';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { CONFORMANCE_CHECK_IDS } from './check-ids';
import { CONFORMANCE_CHECKS, getConformanceCheck } from './checks';
import { ensureProbeTenant } from './probe-tenant';
import { getRun } from './run-store';
import { createProbeContext, performCheck, runConformanceSuite } from './run-suite';
import type { ProbeTenant } from './types';

// The suite against real placements at every tier, then each protection removed in turn: a check that
// still passed with its protection gone would be passing vacuously.
// The stack's own KMS (not a test KMS of this file's): probes append to the chains of the seeded
// demo tenants they attack, whose placement secrets are sealed under that KMS's keys.
describe('isolation conformance suite', () => {
  let model: LocalModel;
  let plain: ProbeTenant;
  let placed: ProbeTenant;
  let neighbour: ProbeTenant;
  let probe: ProbeTenant;

  const runOne = async (checkId: string, target: ProbeTenant) => performCheck(getConformanceCheck(checkId)!, createProbeContext(target, probe, randomUUID()));

  before(async () => {
    await upgradeSharedSchema();
    model = await startLocalModel();
    process.env.BULKHEAD_LOCAL_MODEL_URL = model.url;
    plain = await createTestTenant('conf-plain');
    placed = await createTestTenant('conf-placed');
    neighbour = await createTestTenant('conf-neighbour');
    // The placed tenant's prompt goes through schema_kms to dedicated, so it owns a shredded key too.
    for (const [tenant, layers] of [
      [
        placed,
        [
          ['prompt', 'schema_kms'],
          ['prompt', 'dedicated'],
          ['retrieval', 'schema_kms'],
          ['logs', 'schema_kms'],
        ],
      ],
      [
        neighbour,
        [
          ['prompt', 'dedicated'],
          ['retrieval', 'schema_kms'],
        ],
      ],
    ] as const) {
      for (const [layer, tier] of layers) await migrateLayer(tenant.id, layer, tier, { drainMs: 0 });
    }
    probe = await ensureProbeTenant();
  });
  after(async () => {
    for (const tenant of [placed, neighbour])
      for (const layer of ['prompt', 'retrieval', 'logs'] as const) {
        const placement = await getPlacement(tenant.id, layer);
        if (placement.tier !== 'namespace') await destroyLocation(placement);
      }
    await closeTenantSqlPools();
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await model.close();
  });

  test('on a namespace tenant every check passes or does not apply, and the run is stored', async () => {
    const { run, status } = await runConformanceSuite(plain, { trigger: 'cli', requestedBy: 'test' });
    const stored = await getRun(plain.id, run.id);
    assert.ok(stored);
    assert.equal(stored.results.length, CONFORMANCE_CHECKS.length);
    assert.deepEqual(
      CONFORMANCE_CHECKS.map((check) => check.id),
      CONFORMANCE_CHECK_IDS,
      'the id list the verifier uses is the suite',
    );
    const failing = stored.results.filter((record) => record.result === 'fail' || record.result === 'error');
    assert.deepEqual(failing, [], 'no check fails on a correct installation');
    assert.equal(status, 'passed');
    const applied = stored.results.filter((record) => record.result === 'pass').map((record) => record.checkId);
    for (const id of [
      'database.cross_tenant_read',
      'database.no_context',
      'database.rls_catalog',
      'database.role_power',
      'context.foreign_canary',
      'context.prefix_cache',
      'retrieval.cross_query',
      'logs.foreign_view',
      'logs.chain_verify',
    ]) {
      assert.ok(applied.includes(id), `${id} applies to every tenant`);
    }
    assert.deepEqual(await getRun(neighbour.id, run.id), null, "another tenant's context cannot read the run");
  });

  test('on a tenant placed in its own schemas and databases every check passes with its positive control', async () => {
    const { run, status } = await runConformanceSuite(placed, { trigger: 'cli', requestedBy: 'test' });
    const stored = (await getRun(placed.id, run.id))!;
    for (const record of stored.results) {
      assert.equal(record.result, 'pass', `${record.checkId}: ${record.observed} / ${record.controlObserved}`);
      assert.notEqual(record.controlResult, 'fail', record.checkId);
      assert.ok(record.durationMs >= 0);
    }
    assert.equal(status, 'passed');
    assert.match(stored.results.find((record) => record.checkId === 'keys.state')!.observed, /1 destroyed-copy keys refused/);

    // Probes are evidence: recorded in the chain of every tenant they touched, and they leave nothing planted.
    const probeEvents = await withTenant(placed.id, (tx) => tx.auditEvent.count({ where: { requestId: run.id, action: 'conformance.probe' } }));
    const placedLog = await getPlacement(placed.id, 'logs');
    assert.equal(placedLog.tier, 'schema_kms');
    assert.equal(probeEvents, 0, 'the placed log is not in the shared tables');
    const { getAuditChainStore } = await import('@/lib/audit/store/chain-store');
    const inPlacedChain = await getAuditChainStore(placed.id).findEvents({ requestId: run.id, limit: 200 });
    assert.ok(inPlacedChain.events.filter((event) => event.action === 'conformance.probe').length >= CONFORMANCE_CHECKS.length - 1);
    const inProbeChain = await getAuditChainStore(probe.id).findEvents({ requestId: run.id, limit: 200 });
    assert.ok(inProbeChain.events.some((event) => event.action === 'conformance.probe' && event.target === 'database.cross_tenant_read'));
    // The suite attacks a bounded sample of other tenants' databases (other test files add tenants of
    // their own when run together): every tenant of this file in that sample has the probe in its chain.
    const { findOtherLocations } = await import('./find-other-placements');
    const attacked = new Set((await findOtherLocations(placed.id, 'dedicated')).map((location) => location.tenantId));
    assert.ok(attacked.size > 0, 'some other tenant has a dedicated database to attack');
    for (const tenant of [neighbour, probe].filter((candidate) => attacked.has(candidate.id))) {
      const inAttackedChain = await getAuditChainStore(tenant.id).findEvents({ requestId: run.id, limit: 200 });
      assert.ok(
        inAttackedChain.events.some((event) => event.target === 'database.foreign_database'),
        'the tenant whose database was attacked has it in its chain',
      );
    }
    const { withTenantData } = await import('@/lib/placement/with-tenant-data');
    assert.equal(await withTenantData(placed.id, 'prompt', (tx) => tx.conversation.count({ where: { title: { startsWith: 'conformance probe' } } })), 0);
    assert.equal(await withTenantData(placed.id, 'retrieval', (tx) => tx.document.count()), 0);
    assert.equal(await withTenant(placed.id, (tx) => tx.canary.count({ where: { source: 'conformance_probe' } })), 0);
    // The canary probe's incidents stay on record for both tenants, resolved.
    for (const tenantId of [placed.id, probe.id]) {
      const incidents = await withTenant(tenantId, (tx) =>
        tx.incident.findMany({ where: { kind: 'cross_tenant_bleed', status: 'resolved' }, select: { requestIds: true } }),
      );
      assert.ok(incidents.length > 0, 'the pipeline opened an incident, and the probe resolved it');
      assert.equal(await withTenant(tenantId, (tx) => tx.incident.count({ where: { kind: 'cross_tenant_bleed', status: 'open' } })), 0);
    }
  });

  test('RLS removed from a tenant table: the catalog, cross-read and no-context checks fail', async () => {
    const owner = await connectAsOwner();
    try {
      await owner.query('CREATE TABLE public.conformance_unprotected (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)');
      assert.equal((await runOne('database.rls_catalog', plain)).result, 'fail');
      await owner.query('DROP TABLE public.conformance_unprotected');
      assert.equal((await runOne('database.rls_catalog', plain)).result, 'pass');

      const retrieval = await getPlacement(placed.id, 'retrieval');
      await owner.query(`ALTER TABLE "${retrieval.schemaName}".documents DISABLE ROW LEVEL SECURITY`);
      try {
        for (const id of ['database.cross_tenant_read', 'database.no_context', 'database.rls_catalog']) {
          const record = await runOne(id, placed);
          assert.equal(record.result, 'fail', `${id} with RLS off: ${record.observed}`);
        }
      } finally {
        await owner.query(`ALTER TABLE "${retrieval.schemaName}".documents ENABLE ROW LEVEL SECURITY`);
      }
      assert.equal((await runOne('database.cross_tenant_read', placed)).result, 'pass');
    } finally {
      await owner.query('DROP TABLE IF EXISTS public.conformance_unprotected');
      await owner.end();
    }
  });

  test('the app role granted BYPASSRLS: the role check fails, and passes again once revoked', async () => {
    // Only a superuser may grant BYPASSRLS; the owner role cannot.
    const admin = new pg.Client({ connectionString: process.env.BULKHEAD_ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('ALTER ROLE bulkhead_app BYPASSRLS');
      const record = await runOne('database.role_power', plain);
      assert.equal(record.result, 'fail');
      assert.match(record.observed, /rolbypassrls/);
    } finally {
      await admin.query('ALTER ROLE bulkhead_app NOBYPASSRLS');
      await admin.end();
    }
    assert.equal((await runOne('database.role_power', plain)).result, 'pass');
  });

  test('a key in use whose policy no longer binds it to the tenant: the key-state check fails', async () => {
    const { keyId } = await getPlacement(placed.id, 'retrieval');
    assert.ok(keyId, 'the placed tenant has a retrieval placement key');
    const key = (await describeKey(keyId, { tenantId: placed.id }))!;
    const putPolicy = (policy: string) => getKmsClient().send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy }));
    assert.equal((await runOne('keys.state', placed)).result, 'pass');
    try {
      await putPolicy(buildKeyPolicy(key.arn, probe.id));
      const record = await runOne('keys.state', placed);
      assert.equal(record.result, 'fail');
      assert.match(record.observed, /no key policy binding it to this tenant/);
    } finally {
      await putPolicy(buildKeyPolicy(key.arn, placed.id));
    }
    assert.equal((await runOne('keys.state', placed)).result, 'pass');
  });

  test("the other tenant's key id handed to this tenant's placement: its key policy refuses it, and without the policy the key check fails", async () => {
    const otherKey = await ensureTenantKey(probe.id);
    const { keyId } = await getPlacement(placed.id, 'retrieval');
    const setKeyId = (value: string | null) =>
      withPlatformSystemAccess('test: swap a placement key', (tx) =>
        tx.placement.update({ where: { tenantId_layer: { tenantId: placed.id, layer: 'retrieval' } }, data: { keyId: value } }),
      );
    const putOtherKeyPolicy = (policy: string) =>
      getKmsClient().send(new PutKeyPolicyCommand({ KeyId: otherKey.keyId, PolicyName: 'default', Policy: policy }));
    try {
      await setKeyId(otherKey.keyId);
      // The key is bound to the other tenant's encryption context, so KMS will not seal this tenant's probe under it at all.
      const refused = await runOne('keys.cross_open', placed);
      assert.equal(refused.result, 'error');
      assert.doesNotMatch(refused.observed, /opened/);
      // Positive control: a key whose binding was removed (KMS's default policy) lets the swap through, and the check catches it.
      await putOtherKeyPolicy(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:*', Resource: '*' }],
        }),
      );
      const record = await runOne('keys.cross_open', placed);
      assert.equal(record.result, 'fail');
      assert.match(record.observed, /retrieval placement key opened with the other tenant's key/);
    } finally {
      await setKeyId(keyId);
      await putOtherKeyPolicy(buildKeyPolicy(otherKey.arn, probe.id));
    }
    assert.equal((await runOne('keys.cross_open', placed)).result, 'pass');
  });

  test('the cache salt dropped: the prefix-cache check fails', async () => {
    const secret = process.env.BULKHEAD_CACHE_SALT_SECRET;
    delete process.env.BULKHEAD_CACHE_SALT_SECRET;
    try {
      assert.equal((await runOne('context.prefix_cache', plain)).result, 'fail');
    } finally {
      process.env.BULKHEAD_CACHE_SALT_SECRET = secret;
    }
    assert.equal((await runOne('context.prefix_cache', plain)).result, 'pass');
  });

  test('retrieval scoped to the wrong tenant: the retrieval check fails', async () => {
    const real = getPipelineDependencies().contextRetriever;
    const restore = configurePipeline({ contextRetriever: { retrieve: (query) => real.retrieve({ ...query, tenantId: plain.id }) } });
    try {
      const record = await runOne('retrieval.cross_query', plain);
      assert.equal(record.result, 'fail');
      assert.match(record.observed, /1 of this tenant's chunks returned/);
    } finally {
      restore();
    }
  });
});
