import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { changeTenantTiers } from './change-tenant-tiers';
import { DedicatedEndpointMissingError } from './assert-dedicated-endpoint';
import {
  createDedicatedEndpoint,
  createPlatformAdmin,
  createPolicyTestTenant,
  createTenantAdmin,
  EXTERNAL_CLIENT_WITH_DPA,
  getTenantRow,
  getTenantVersion,
  inDays,
  readAuditEvents,
} from './control-test-fixtures';
import { findTenantCompliance } from './find-tenant-compliance';
import { getPlatformOverview } from './get-platform-overview';
import { getTenantPolicyView } from './get-tenant-policy-view';
import { TierBelowMinimumError } from './plan-tier-change';

const DEDICATED = { prompt: 'dedicated', retrieval: 'dedicated', logs: 'dedicated' } as const;
const justification = 'Dedicated log store is being provisioned; namespace logs until the cut-over.';

describe('changing tiers (server-side policy check)', () => {
  let admin: Principal;
  before(async () => {
    admin = await createPlatformAdmin();
  });
  after(() => disconnectAllPrismaClients());

  test('a new tenant starts at its minimum: dedicated everywhere for an external client with its own DPA', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-start', EXTERNAL_CLIENT_WITH_DPA);
    const row = await getTenantRow(tenant.id);
    assert.deepEqual([row.promptTier, row.retrievalTier, row.logsTier], ['dedicated', 'dedicated', 'dedicated']);
  });

  test('below the minimum without an acceptance is refused, nothing changes, and the attempt is audited as denied', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-refuse', EXTERNAL_CLIENT_WITH_DPA);
    const version = await getTenantVersion(tenant.id);
    // Whatever a client claims the minimum is, the server computes its own.
    const input = {
      tiers: { ...DEDICATED, logs: 'namespace' },
      expectedUpdatedAt: version,
      minimums: { prompt: 'namespace', retrieval: 'namespace', logs: 'namespace' },
    };

    await assert.rejects(changeTenantTiers(admin, tenant.id, input, { requestId: randomUUID() }), (error: unknown) => {
      assert.ok(error instanceof TierBelowMinimumError);
      assert.match(error.message, /Logs cannot run at Namespace/);
      assert.match(error.message, /minimum there is Dedicated/);
      assert.match(error.message, /R5-external-own-dpa/);
      return true;
    });
    const row = await getTenantRow(tenant.id);
    assert.equal(row.logsTier, 'dedicated');
    assert.equal(row.updatedAt.toISOString(), version);
    const acceptances = await withTenant(tenant.id, (tx) => tx.riskAcceptance.count({ where: { tenantId: tenant.id } }));
    assert.equal(acceptances, 0);

    const denied = (await readAuditEvents(tenant.id, 'tenant.tiers_change')).filter((event) => event.outcome === 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0].payload.requested.logs, 'namespace');
    assert.equal(denied[0].payload.refusals[0].minimum, 'dedicated');
  });

  test('a risk acceptance lets the change through: rows, compliance and audit events with before/after', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-accept', EXTERNAL_CLIENT_WITH_DPA);
    const expiresAt = inDays(90);
    const result = await changeTenantTiers(
      admin,
      tenant.id,
      { tiers: { ...DEDICATED, logs: 'namespace' }, expectedUpdatedAt: await getTenantVersion(tenant.id), riskAcceptance: { justification, expiresAt } },
      { requestId: randomUUID() },
    );
    assert.equal(result.recordedAcceptanceIds.length, 1);

    const [acceptance] = await withTenant(tenant.id, (tx) => tx.riskAcceptance.findMany({ where: { tenantId: tenant.id } }));
    assert.equal(acceptance.layer, 'logs');
    assert.equal(acceptance.acceptedTier, 'namespace');
    assert.equal(acceptance.requiredTier, 'dedicated');
    assert.equal(acceptance.acceptedBy, admin.userId);
    assert.equal(acceptance.justification, justification);
    assert.equal(acceptance.expiresAt.toISOString(), expiresAt);
    assert.ok(acceptance.ruleIds.includes('R5-external-own-dpa'));

    const view = await getTenantPolicyView({ principal: admin, tenant, grant: null });
    assert.equal(view.isCompliant, true);
    assert.equal(view.layers.logs.compliance.status, 'risk_accepted');

    const [change] = await readAuditEvents(tenant.id, 'tenant.tiers_change');
    assert.equal(change.outcome, 'success');
    assert.equal(change.actorId, admin.userId);
    assert.deepEqual(change.payload.before, DEDICATED);
    assert.deepEqual(change.payload.after, { ...DEDICATED, logs: 'namespace' });
    const [accepted] = await readAuditEvents(tenant.id, 'risk.accept');
    assert.equal(accepted.target, acceptance.id);
    assert.equal(accepted.payload.justification, justification);
    assert.equal(accepted.requestId, change.requestId);
  });

  test('an expired acceptance marks the tenant non-compliant on every screen', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-expiry', EXTERNAL_CLIENT_WITH_DPA);
    const expiresAt = inDays(10);
    await changeTenantTiers(
      admin,
      tenant.id,
      { tiers: { ...DEDICATED, prompt: 'schema_kms' }, expectedUpdatedAt: await getTenantVersion(tenant.id), riskAcceptance: { justification, expiresAt } },
      { requestId: randomUUID() },
    );
    const beforeExpiry = new Date(Date.parse(expiresAt) - 1000);
    const afterExpiry = new Date(Date.parse(expiresAt) + 1000);

    assert.equal((await getTenantPolicyView({ principal: admin, tenant, grant: null }, { now: beforeExpiry })).isCompliant, true);
    const view = await getTenantPolicyView({ principal: admin, tenant, grant: null }, { now: afterExpiry });
    assert.equal(view.isCompliant, false);
    assert.equal(view.layers.prompt.compliance.problem, 'acceptance_expired');

    const overview = await getPlatformOverview(admin, { now: afterExpiry });
    assert.equal(overview.compliance[tenant.id].isCompliant, false);
    assert.ok(overview.expiredAcceptances.some((acceptance) => acceptance.tenantId === tenant.id));
    assert.ok(!overview.openAcceptances.some((acceptance) => acceptance.tenantId === tenant.id));
    assert.equal((await findTenantCompliance(admin, [tenant.id], { now: afterExpiry })).get(tenant.id), false);
    assert.equal((await findTenantCompliance(admin, [tenant.id], { now: beforeExpiry })).get(tenant.id), true);
  });

  test('raising a layer back to its minimum revokes the acceptance, and the revocation is audited', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-revoke', EXTERNAL_CLIENT_WITH_DPA);
    const { recordedAcceptanceIds } = await changeTenantTiers(
      admin,
      tenant.id,
      {
        tiers: { ...DEDICATED, retrieval: 'namespace' },
        expectedUpdatedAt: await getTenantVersion(tenant.id),
        riskAcceptance: { justification, expiresAt: inDays(30) },
      },
      { requestId: randomUUID() },
    );
    const result = await changeTenantTiers(
      admin,
      tenant.id,
      { tiers: DEDICATED, expectedUpdatedAt: await getTenantVersion(tenant.id) },
      { requestId: randomUUID() },
    );
    assert.deepEqual(result.revokedAcceptanceIds, recordedAcceptanceIds);
    const stored = await withTenant(tenant.id, (tx) => tx.riskAcceptance.findUniqueOrThrow({ where: { id: recordedAcceptanceIds[0] } }));
    assert.ok(stored.revokedAt);
    const [revoked] = await readAuditEvents(tenant.id, 'risk.revoke');
    assert.equal(revoked.target, recordedAcceptanceIds[0]);
    assert.equal(revoked.payload.reason, 'no_longer_needed');
  });

  test('a tenant admin cannot change tiers, even of their own tenant, and nothing is written', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-authz');
    const tenantAdmin = await createTenantAdmin(tenant);
    const version = await getTenantVersion(tenant.id);
    await assert.rejects(changeTenantTiers(tenantAdmin, tenant.id, { tiers: DEDICATED, expectedUpdatedAt: version }, { requestId: randomUUID() }), {
      message: 'Only platform admins can do that.',
    });
    assert.equal(await getTenantVersion(tenant.id), version);
    // Positive control: the same request from a platform admin does change the row.
    await createDedicatedEndpoint(tenant.id);
    await changeTenantTiers(admin, tenant.id, { tiers: DEDICATED, expectedUpdatedAt: version }, { requestId: randomUUID() });
    assert.equal((await getTenantRow(tenant.id)).promptTier, 'dedicated');
  });

  test('moving the prompt layer to dedicated without an enabled endpoint of its own is refused, with what to configure; with one it is saved', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tiers-endpoint');
    const version = await getTenantVersion(tenant.id);
    await createDedicatedEndpoint(tenant.id, false);
    await assert.rejects(
      changeTenantTiers(admin, tenant.id, { tiers: DEDICATED, expectedUpdatedAt: version }, { requestId: randomUUID() }),
      (error: unknown) => error instanceof DedicatedEndpointMissingError && /Model endpoints/.test(error.message) && error.status === 422,
    );
    assert.equal(await getTenantVersion(tenant.id), version, 'nothing was written');
    assert.equal((await getTenantRow(tenant.id)).promptTier, 'schema_kms');

    // Retrieval and logs alone need no endpoint.
    await changeTenantTiers(admin, tenant.id, { tiers: { ...DEDICATED, prompt: 'schema_kms' }, expectedUpdatedAt: version }, { requestId: randomUUID() });
    await createDedicatedEndpoint(tenant.id);
    await changeTenantTiers(admin, tenant.id, { tiers: DEDICATED, expectedUpdatedAt: await getTenantVersion(tenant.id) }, { requestId: randomUUID() });
    assert.equal((await getTenantRow(tenant.id)).promptTier, 'dedicated');
  });
});
