import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { evaluateTenant, findAffectedTenants, type AffectedTenants, type TenantProfile } from '@/lib/policy';
import { assertPlatformAdmin, withPlatformAccess } from '@/lib/tenancy/platform';
import { lockPolicyChanges, lockTenantForChange, nextVersion } from './lock-tenant-change';
import { appendPolicyDecisions, describeActor, toProfilePayload, toTiersPayload } from './policy-audit';
import { loadPolicySnapshot, toTenantProfile } from './policy-snapshot';
import { profileUpdateSchema } from './tenant-schemas';

export interface UpdatedProfile {
  updatedAt: string;
  affected: AffectedTenants;
}

/**
 * Saves a tenant's classification and re-evaluates every tenant against it: the tenant's own
 * `tenant.update` event (before/after and its minimums before/after) and a `policy.decision` for
 * each tenant whose minimum moved commit together with the change. Tiers are not touched: a tenant
 * whose minimum rose above its tiers shows as non-compliant until its tiers are raised or the risk accepted.
 * @throws ForbiddenError unless the principal is a platform admin (checked before the input is read)
 * @throws ZodError on invalid input; StaleTenantError when someone saved in between; NotFoundError
 */
export async function updateTenantProfile(principal: Principal, tenantId: string, rawInput: unknown, options: { requestId: string }): Promise<UpdatedProfile> {
  assertPlatformAdmin(principal);
  const { expectedUpdatedAt, notes, ...facts } = profileUpdateSchema.parse(rawInput);

  return withPlatformAccess(principal, async (tx) => {
    await lockPolicyChanges(tx);
    const row = await lockTenantForChange(tx, tenantId, expectedUpdatedAt);
    const before = (await loadPolicySnapshot(tx)).tenants.map(toTenantProfile);
    const updatedProfile: TenantProfile = { ...facts, id: tenantId };
    const after = before.map((profile) => (profile.id === tenantId ? updatedProfile : profile));
    const affected = findAffectedTenants(before, after);

    const updated = await tx.tenant.update({
      where: { id: tenantId },
      data: { ...facts, notes, updatedAt: nextVersion(row.updatedAt, new Date()) },
      select: { updatedAt: true },
    });

    const actor = describeActor(principal);
    await appendAuditEvents(tx, tenantId, [
      {
        actor,
        action: 'tenant.update',
        target: tenantId,
        requestId: options.requestId,
        outcome: 'success',
        payload: {
          before: toProfilePayload({ ...toTenantProfile(row), notes: row.notes }),
          after: toProfilePayload({ ...updatedProfile, notes }),
          minimums: {
            before: toTiersPayload(evaluateTenant(toTenantProfile(row), before).minimums),
            after: toTiersPayload(evaluateTenant(updatedProfile, after).minimums),
          },
        },
      },
    ]);
    await appendPolicyDecisions(tx, { affected, changedTenantId: tenantId, actor, requestId: options.requestId });
    return { updatedAt: updated.updatedAt.toISOString(), affected };
  });
}
