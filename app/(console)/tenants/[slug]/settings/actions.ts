'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { changeTenantTiers } from '@/lib/control/change-tenant-tiers';
import { previewProfileChange } from '@/lib/control/preview-profile-change';
import { updateTenantProfile } from '@/lib/control/update-tenant-profile';

// Only platform admins change classification and tiers. The wrapper resolves the tenant (404 for
// anyone who may not manage it); each function then checks the platform-admin role before it reads
// the input, so a tenant admin is refused without learning anything about the form's rules.
const validatedInside = z.unknown();
const manage = { permission: 'tenant.manage', schema: validatedInside } as const;

export const updateTenantProfileAction = tenantAction({ name: 'tenant.update', ...manage }, async ({ principal, tenant, input, requestId }) => {
  const result = await updateTenantProfile(principal, tenant.id, input, { requestId });
  revalidatePath('/', 'layout');
  return { updatedAt: result.updatedAt, affectedTenants: result.affected.tenants.length };
});

export const changeTenantTiersAction = tenantAction({ name: 'tenant.tiers_change', ...manage }, async ({ principal, tenant, input, requestId }) => {
  const result = await changeTenantTiers(principal, tenant.id, input, { requestId });
  revalidatePath('/', 'layout');
  return { updatedAt: result.updatedAt, recordedAcceptances: result.recordedAcceptanceIds.length };
});

export const previewTenantProfileAction = tenantAction({ name: 'tenant.preview', ...manage }, ({ principal, tenant, input }) =>
  previewProfileChange(principal, tenant.id, input),
);
