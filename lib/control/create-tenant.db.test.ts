import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createTenant } from './create-tenant';
import { createPlatformAdmin, createPolicyTestTenant, createTenantAdmin, EXTERNAL_CLIENT, readAuditEvents } from './control-test-fixtures';
import { getPlatformOverview } from './get-platform-overview';
import { previewProfileChange } from './preview-profile-change';

describe('creating a tenant', () => {
  let admin: Principal;
  before(async () => {
    admin = await createPlatformAdmin();
  });
  after(() => disconnectAllPrismaClients());

  test('the preview of a new tenant gives the minimums that creating it then applies', async () => {
    const draft = {
      name: 'Agency Draft',
      notes: '',
      kind: 'external_client',
      dataClasses: ['cui'],
      regimes: ['fedramp'],
      adversarial: false,
      hasOwnDpa: false,
    };
    const preview = await previewProfileChange(admin, null, draft);
    assert.deepEqual([preview.layers.prompt.minimum, preview.layers.retrieval.minimum, preview.layers.logs.minimum], ['dedicated', 'dedicated', 'dedicated']);
    assert.ok(preview.layers.prompt.rules.some((rule) => rule.id === 'R7-fedramp-separation'));
    assert.ok(preview.floor.prompt.setBy.includes('Agency Draft'), 'a FedRAMP tenant sets the floor');
    assert.deepEqual(preview.shortfalls, []);

    const slug = `agency-${randomUUID().slice(0, 8)}`;
    const created = await createTenant(admin, { ...draft, slug }, { requestId: randomUUID() });
    assert.deepEqual(created.tiers, { prompt: preview.layers.prompt.minimum, retrieval: preview.layers.retrieval.minimum, logs: preview.layers.logs.minimum });
    const overview = await getPlatformOverview(admin);
    assert.ok(overview.assessment.floor.prompt.setBy.some((setter) => setter.tenant.id === created.id));
    assert.equal(overview.compliance[created.id].isCompliant, true);
  });

  test("creation is audited in the new tenant's chain with the classification and tiers", async () => {
    const tenant = await createPolicyTestTenant(admin, 'create-audit');
    const [event] = await readAuditEvents(tenant.id, 'tenant.create');
    assert.equal(event.actorId, admin.userId);
    assert.equal(event.payload.before, null);
    assert.equal(event.payload.after.slug, tenant.slug);
    assert.equal(event.payload.after.kind, 'external_client');
    assert.deepEqual(event.payload.after.tiers, { prompt: 'schema_kms', retrieval: 'schema_kms', logs: 'schema_kms' });
    const decisions = await readAuditEvents(tenant.id, 'policy.decision');
    assert.equal(decisions[0].payload.cause, 'tenant_created');
  });

  test('a taken slug is refused with a message naming it, and no second tenant appears', async () => {
    const tenant = await createPolicyTestTenant(admin, 'create-dup');
    await assert.rejects(createTenant(admin, { name: 'Copycat', slug: tenant.slug, notes: '', ...EXTERNAL_CLIENT }, { requestId: randomUUID() }), {
      message: `The slug "${tenant.slug}" is already taken. Choose another.`,
    });
    const count = await withPlatformSystemAccess('test read', (tx) => tx.tenant.count({ where: { slug: tenant.slug } }));
    assert.equal(count, 1);
  });

  test('invalid input is refused before anything is written', async () => {
    const slug = `bad-${randomUUID().slice(0, 8)}`;
    await assert.rejects(createTenant(admin, { name: '', slug, notes: '', ...EXTERNAL_CLIENT, dataClasses: ['gossip'] }, { requestId: randomUUID() }), {
      name: 'ZodError',
    });
    assert.equal(await withPlatformSystemAccess('test read', (tx) => tx.tenant.count({ where: { slug } })), 0);
  });

  test('only platform admins create tenants; a tenant admin is refused before validation', async () => {
    const own = await createPolicyTestTenant(admin, 'create-authz');
    const tenantAdmin = await createTenantAdmin(own);
    const slug = `sneaky-${randomUUID().slice(0, 8)}`;
    await assert.rejects(createTenant(tenantAdmin, { name: 'Sneaky', slug, notes: '', ...EXTERNAL_CLIENT }, { requestId: randomUUID() }), {
      message: 'Only platform admins can do that.',
    });
    await assert.rejects(createTenant(tenantAdmin, 'st-elm-health', { requestId: randomUUID() }), { message: 'Only platform admins can do that.' });
    assert.equal(await withPlatformSystemAccess('test read', (tx) => tx.tenant.count({ where: { slug } })), 0);
    await assert.rejects(getPlatformOverview(tenantAdmin), { message: 'Only platform admins can do that.' });
  });
});
