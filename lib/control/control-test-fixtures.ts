// Helpers for lib/control's database tests: principals as the session would build them, tenants
// created through the real createTenant, and audit events read back under the tenant's own RLS.
import { randomUUID } from 'node:crypto';
import type { Principal, TenantGrant } from '@/lib/auth/principal';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTenant } from './create-tenant';

export async function createPlatformAdmin(label = 'platform-admin'): Promise<Principal> {
  const email = `${label}-${randomUUID().slice(0, 8)}@test.example`;
  const user = await withPlatformSystemAccess('test fixture', (tx) =>
    tx.user.create({ data: { email, name: label, passwordHash: 'not-a-real-hash', platformRole: 'platform_admin' }, select: { id: true } }),
  );
  return { userId: user.id, email, name: label, platformRole: 'platform_admin', grants: [], sessionTokenHash: 'test' };
}

/** A tenant admin (membership row included) of one tenant. */
export async function createTenantAdmin(tenant: { id: string; slug: string; name: string }): Promise<Principal> {
  const email = `tenant-admin-${randomUUID().slice(0, 8)}@test.example`;
  const user = await withPlatformSystemAccess('test fixture', async (tx) => {
    const created = await tx.user.create({ data: { email, name: 'Tenant Admin', passwordHash: 'not-a-real-hash' }, select: { id: true } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: created.id, role: 'admin' } });
    return created;
  });
  const grant: TenantGrant = { tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: 'admin' };
  return { userId: user.id, email, name: 'Tenant Admin', platformRole: null, grants: [grant], sessionTokenHash: 'test' };
}

export interface TestProfile {
  kind: 'internal_department' | 'external_client';
  dataClasses: string[];
  regimes: string[];
  adversarial: boolean;
  hasOwnDpa: boolean;
}

/**
 * An external client without a DPA needs schema_kms on every layer whatever else is on the platform
 * (R4, and nothing stronger applies), so tests using it do not depend on other tests' tenants.
 */
export const EXTERNAL_CLIENT: TestProfile = { kind: 'external_client', dataClasses: ['pii'], regimes: [], adversarial: false, hasOwnDpa: false };
/** An external client with its own DPA needs dedicated on every layer (R5), likewise independent of the platform. */
export const EXTERNAL_CLIENT_WITH_DPA: TestProfile = { ...EXTERNAL_CLIENT, hasOwnDpa: true };

export async function createPolicyTestTenant(admin: Principal, label: string, profile: TestProfile = EXTERNAL_CLIENT) {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const created = await createTenant(admin, { name: `${label} ${slug.slice(-8)}`, slug, notes: '', ...profile }, { requestId: randomUUID() });
  return { ...created, name: `${label} ${slug.slice(-8)}` };
}

export async function getTenantVersion(tenantId: string): Promise<string> {
  const row = await withTenant(tenantId, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { updatedAt: true } }));
  return row.updatedAt.toISOString();
}

export async function getTenantRow(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenantId } }));
}

/** The tenant's audit events with parsed payloads, read under its own RLS context. */
export async function readAuditEvents(tenantId: string, action?: string) {
  const rows = await withTenant(tenantId, (tx) => tx.auditEvent.findMany({ where: { tenantId, ...(action ? { action } : {}) }, orderBy: { seq: 'asc' } }));
  return rows.map((row) => ({ ...row, payload: JSON.parse(row.payloadJson) }));
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
}

/** An enabled model endpoint of the tenant's own (the local simulator), as a dedicated prompt tier needs. */
export async function createDedicatedEndpoint(tenantId: string, enabled = true): Promise<string> {
  const endpoint = await withPlatformSystemAccess('test fixture', (tx) =>
    tx.modelEndpoint.create({
      data: { tenantId, name: `own-${randomUUID().slice(0, 8)}`, kind: 'simulator', baseUrl: 'builtin:local-simulator', enabled },
      select: { id: true },
    }),
  );
  return endpoint.id;
}
