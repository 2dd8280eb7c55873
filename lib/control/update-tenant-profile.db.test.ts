import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { changeTenantTiers } from './change-tenant-tiers';
import {
  createPlatformAdmin,
  createPolicyTestTenant,
  createTenantAdmin,
  EXTERNAL_CLIENT,
  EXTERNAL_CLIENT_WITH_DPA,
  getTenantRow,
  getTenantVersion,
  readAuditEvents,
} from './control-test-fixtures';
import { StaleTenantError } from './lock-tenant-change';
import { appendPolicyDecisions } from './policy-audit';
import { previewProfileChange } from './preview-profile-change';
import { updateTenantProfile } from './update-tenant-profile';

const requestId = () => randomUUID();

describe('updating a tenant classification', () => {
  let admin: Principal;
  before(async () => {
    admin = await createPlatformAdmin();
  });
  after(() => disconnectAllPrismaClients());

  test('the preview shows the new minimum and the layers that would fall below it, without saving', async () => {
    const tenant = await createPolicyTestTenant(admin, 'profile-preview');
    const version = await getTenantVersion(tenant.id);
    const preview = await previewProfileChange(admin, tenant.id, { name: tenant.name, notes: '', ...EXTERNAL_CLIENT_WITH_DPA });
    assert.deepEqual(
      preview.shortfalls.map((gap) => [gap.layer, gap.current, gap.minimum]),
      [
        ['prompt', 'schema_kms', 'dedicated'],
        ['retrieval', 'schema_kms', 'dedicated'],
        ['logs', 'schema_kms', 'dedicated'],
      ],
    );
    assert.ok(preview.layers.prompt.rules.some((rule) => rule.id === 'R5-external-own-dpa'));
    const own = preview.affected.tenants.find((affected) => affected.tenant.id === tenant.id);
    assert.deepEqual(
      own?.changes.map((change) => [change.before, change.after]),
      [
        ['schema_kms', 'dedicated'],
        ['schema_kms', 'dedicated'],
        ['schema_kms', 'dedicated'],
      ],
    );
    assert.equal(await getTenantVersion(tenant.id), version, 'a preview must not write');
  });

  test('saving records tenant.update with before/after and a policy.decision, and leaves the tenant non-compliant', async () => {
    const tenant = await createPolicyTestTenant(admin, 'profile-save');
    const id = requestId();
    const result = await updateTenantProfile(
      admin,
      tenant.id,
      { name: 'Renamed Client', notes: 'Signed its own DPA.', ...EXTERNAL_CLIENT_WITH_DPA, expectedUpdatedAt: await getTenantVersion(tenant.id) },
      { requestId: id },
    );
    assert.ok(result.affected.tenants.some((affected) => affected.tenant.id === tenant.id));

    const row = await getTenantRow(tenant.id);
    assert.equal(row.name, 'Renamed Client');
    assert.equal(row.hasOwnDpa, true);
    assert.equal(row.promptTier, 'schema_kms', 'a classification change never moves tiers by itself');

    const [update] = await readAuditEvents(tenant.id, 'tenant.update');
    assert.equal(update.requestId, id);
    assert.equal(update.payload.before.name, tenant.name);
    assert.equal(update.payload.before.hasOwnDpa, false);
    assert.equal(update.payload.after.name, 'Renamed Client');
    assert.equal(update.payload.after.hasOwnDpa, true);
    assert.deepEqual(update.payload.minimums.before, { prompt: 'schema_kms', retrieval: 'schema_kms', logs: 'schema_kms' });
    assert.deepEqual(update.payload.minimums.after, { prompt: 'dedicated', retrieval: 'dedicated', logs: 'dedicated' });

    const [decision] = await readAuditEvents(tenant.id, 'policy.decision').then((events) => events.filter((event) => event.requestId === id));
    assert.equal(decision.payload.cause, 'own_classification_changed');
    assert.ok(decision.payload.minimums.every((change: { after: string }) => change.after === 'dedicated'));
  });

  test("another tenant's policy.decision names neither the tenant that changed nor other tenants", async () => {
    const changed = await createPolicyTestTenant(admin, 'decision-cause');
    const other = await createPolicyTestTenant(admin, 'decision-other');
    const id = requestId();
    await withPlatformAccess(admin, (tx) =>
      appendPolicyDecisions(tx, {
        affected: {
          tenants: [
            {
              tenant: { id: other.id, name: other.name },
              status: 'changed',
              changes: [{ layer: 'logs', before: 'schema_kms', after: 'dedicated', rulesAfter: [] }],
            },
          ],
          floor: [],
        },
        changedTenantId: changed.id,
        actor: { type: 'user', id: admin.userId, label: admin.email },
        requestId: id,
      }),
    );
    const [event] = (await readAuditEvents(other.id, 'policy.decision')).filter((candidate) => candidate.requestId === id);
    assert.ok(event, 'the harness must find the event it wrote');
    assert.equal(event.payload.cause, 'platform_tenants_changed');
    assert.ok(!event.payloadJson.includes(changed.id));
    assert.ok(!event.payloadJson.includes(changed.name));
  });

  test('two concurrent saves of the same version: one wins, the other is refused, no update is lost', async () => {
    const tenant = await createPolicyTestTenant(admin, 'profile-race');
    const version = await getTenantVersion(tenant.id);
    const attempts = ['First Editor', 'Second Editor'].map((name) =>
      updateTenantProfile(admin, tenant.id, { name, notes: '', ...EXTERNAL_CLIENT, expectedUpdatedAt: version }, { requestId: requestId() }),
    );
    const results = await Promise.allSettled(attempts);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 1);
    assert.ok(rejected[0].reason instanceof StaleTenantError);

    const winner = results[0].status === 'fulfilled' ? 'First Editor' : 'Second Editor';
    assert.equal((await getTenantRow(tenant.id)).name, winner);
    assert.equal((await readAuditEvents(tenant.id, 'tenant.update')).length, 1);
  });

  test('a tier change based on a version older than a profile save is refused', async () => {
    const tenant = await createPolicyTestTenant(admin, 'tier-race');
    const staleVersion = await getTenantVersion(tenant.id);
    await updateTenantProfile(
      admin,
      tenant.id,
      { name: tenant.name, notes: 'edited', ...EXTERNAL_CLIENT, expectedUpdatedAt: staleVersion },
      { requestId: requestId() },
    );
    await assert.rejects(
      changeTenantTiers(
        admin,
        tenant.id,
        { tiers: { prompt: 'dedicated', retrieval: 'dedicated', logs: 'dedicated' }, expectedUpdatedAt: staleVersion },
        { requestId: requestId() },
      ),
      StaleTenantError,
    );
    assert.equal((await getTenantRow(tenant.id)).promptTier, 'schema_kms');
  });

  test('a tenant admin cannot change the classification or preview one, and nothing is written', async () => {
    const tenant = await createPolicyTestTenant(admin, 'profile-authz');
    const tenantAdmin = await createTenantAdmin(tenant);
    const version = await getTenantVersion(tenant.id);
    const input = { name: 'Hijacked', notes: '', ...EXTERNAL_CLIENT, expectedUpdatedAt: version };
    await assert.rejects(updateTenantProfile(tenantAdmin, tenant.id, input, { requestId: requestId() }), { message: 'Only platform admins can do that.' });
    await assert.rejects(previewProfileChange(tenantAdmin, tenant.id, input), { message: 'Only platform admins can do that.' });
    assert.equal((await getTenantRow(tenant.id)).name, tenant.name);
    // Positive control: the same input from a platform admin is saved.
    await updateTenantProfile(admin, tenant.id, input, { requestId: requestId() });
    assert.equal((await getTenantRow(tenant.id)).name, 'Hijacked');
  });
});
