import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { makePrincipal, type TestTenant } from '../store/db-test-helpers';
import { recordPlatformContentRead } from './record-platform-content-read';

async function findContentReads(tenantId: string) {
  return withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({ where: { tenantId, action: 'platform.content_read' }, orderBy: { seq: 'asc' }, select: { actorId: true, target: true } }),
  );
}

describe("a platform admin's read of tenant content is in that tenant's chain", () => {
  let tenant: TestTenant;
  let bystander: TestTenant;

  before(async () => {
    tenant = await createTestTenant('content-read');
    bystander = await createTestTenant('content-read-other');
  });
  after(() => disconnectAllPrismaClients());

  test('a document view and a prompt-versions view by a platform admin each append an event', async () => {
    const admin = makePrincipal({ platformRole: 'platform_admin' });
    const documentId = crypto.randomUUID();
    const configId = crypto.randomUUID();
    await recordPlatformContentRead(await resolveTenantAccess(admin, tenant.slug, 'knowledge.manage'), 'knowledge.manage', {
      kind: 'document',
      id: documentId,
    });
    await recordPlatformContentRead(await resolveTenantAccess(admin, tenant.slug, 'prompts.manage'), 'prompts.manage', {
      kind: 'prompt_versions',
      id: configId,
    });
    assert.deepEqual(await findContentReads(tenant.id), [
      { actorId: admin.userId, target: `document:${documentId}` },
      { actorId: admin.userId, target: `prompt_versions:${configId}` },
    ]);
    assert.deepEqual(await findContentReads(bystander.id), [], 'nothing in another tenant');
  });

  test("positive control: the tenant's own admin reads by right, which is not an event", async () => {
    const before = (await findContentReads(tenant.id)).length;
    const tenantAdmin = makePrincipal({ grants: [[tenant, 'admin']] });
    await recordPlatformContentRead(await resolveTenantAccess(tenantAdmin, tenant.slug, 'knowledge.manage'), 'knowledge.manage', {
      kind: 'document',
      id: crypto.randomUUID(),
    });
    assert.equal((await findContentReads(tenant.id)).length, before);
  });
});
