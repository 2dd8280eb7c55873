import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { evaluateTenant, type LayerTiers } from '@/lib/policy';
import { announceGatewayConfigChange } from './gateway-config-changes';
import { ensureKeysForTiers } from '@/lib/kms';
import { assertPlatformAdmin, withPlatformAccess } from '@/lib/tenancy/platform';
import { assertDedicatedEndpointReady } from './assert-dedicated-endpoint';
import { planLayerServers, toServerColumns } from './database-servers/layer-servers';
import { lockPolicyChanges, lockTenantForChange, nextVersion } from './lock-tenant-change';
import { planTierChange, TierBelowMinimumError } from './plan-tier-change';
import { describeActor, toTiersPayload, type ChainEvent } from './policy-audit';
import { loadPolicySnapshot, toLayerTiers, toTenantProfile, toTierColumns } from './policy-snapshot';
import { tierChangeSchema } from './tenant-schemas';

export interface ChangedTiers {
  updatedAt: string;
  tiers: LayerTiers;
  recordedAcceptanceIds: string[];
  revokedAcceptanceIds: string[];
}

/**
 * Sets a tenant's tier per layer. The minimum is computed here from the database (never taken from
 * the client) under the platform policy lock; a layer moved below its minimum is refused unless the
 * request carries a risk acceptance, which is then recorded for each such layer. The change, the
 * acceptances and their audit events (`tenant.tiers_change`, `risk.accept`, `risk.revoke`) commit
 * together; a refusal is itself recorded as a denied `tenant.tiers_change`.
 * @throws ForbiddenError unless the principal is a platform admin (checked before the input is read)
 * @throws ZodError on invalid input; TierBelowMinimumError; DedicatedEndpointMissingError; StaleTenantError; NotFoundError
 */
export async function changeTenantTiers(principal: Principal, tenantId: string, rawInput: unknown, options: { requestId: string }): Promise<ChangedTiers> {
  assertPlatformAdmin(principal);
  const input = tierChangeSchema.parse(rawInput);
  const actor = describeActor(principal);
  const event = { actor, target: tenantId, requestId: options.requestId };

  try {
    const changed = await withPlatformAccess(principal, async (tx) => {
      await lockPolicyChanges(tx);
      const row = await lockTenantForChange(tx, tenantId, input.expectedUpdatedAt);
      const snapshot = await loadPolicySnapshot(tx);
      const requirement = evaluateTenant(toTenantProfile(row), snapshot.tenants.map(toTenantProfile));
      const now = new Date();
      const current = toLayerTiers(row);
      const plan = planTierChange({
        current,
        requested: input.tiers,
        requirement,
        openAcceptances: snapshot.openAcceptances.filter((acceptance) => acceptance.tenantId === tenantId),
        hasNewAcceptance: input.riskAcceptance !== undefined,
        now,
      });
      if (plan.refusals.length > 0) throw new TierBelowMinimumError(plan.refusals);
      await assertDedicatedEndpointReady(tx, tenantId, current, input.tiers);
      const servers = await planLayerServers(tx, tenantId, input.tiers, input.servers);

      const updated = await tx.tenant.update({
        where: { id: tenantId },
        data: { ...toTierColumns(input.tiers), ...toServerColumns(servers.after), updatedAt: nextVersion(row.updatedAt, now) },
        select: { updatedAt: true },
      });
      const revokedIds = plan.acceptancesToRevoke.map(({ id }) => id);
      if (revokedIds.length > 0) await tx.riskAcceptance.updateMany({ where: { id: { in: revokedIds } }, data: { revokedAt: now } });
      const acceptance = input.riskAcceptance;
      const recorded = acceptance
        ? await tx.riskAcceptance.createManyAndReturn({
            data: plan.acceptancesToRecord.map((gap) => ({
              ...gap,
              tenantId,
              justification: acceptance.justification,
              expiresAt: acceptance.expiresAt,
              acceptedBy: principal.userId,
              acceptedAt: now,
            })),
            select: { id: true, layer: true, acceptedTier: true, requiredTier: true, ruleIds: true, expiresAt: true },
          })
        : [];

      const events: ChainEvent[] = [
        {
          ...event,
          action: 'tenant.tiers_change',
          outcome: 'success',
          payload: {
            before: toTiersPayload(current),
            after: toTiersPayload(input.tiers),
            servers: { before: servers.before, after: servers.after },
            minimums: toTiersPayload(requirement.minimums),
            recordedRiskAcceptanceIds: recorded.map(({ id }) => id),
            revokedRiskAcceptanceIds: revokedIds,
          },
        },
        ...recorded.map(({ id, expiresAt, ...gap }): ChainEvent => ({
          ...event,
          action: 'risk.accept',
          target: id,
          outcome: 'success',
          payload: { ...gap, justification: acceptance!.justification, expiresAt: expiresAt.toISOString(), acceptedBy: principal.userId },
        })),
        ...plan.acceptancesToRevoke.map(({ id, reason }): ChainEvent => ({
          ...event,
          action: 'risk.revoke',
          target: id,
          outcome: 'success',
          payload: { reason },
        })),
      ];
      await appendAuditEvents(tx, tenantId, events);
      return {
        updatedAt: updated.updatedAt.toISOString(),
        tiers: input.tiers,
        recordedAcceptanceIds: recorded.map(({ id }) => id),
        revokedAcceptanceIds: revokedIds,
      };
    });
    // After the commit, never inside it (no KMS I/O in a transaction): a tier that encrypts needs the tenant key.
    await ensureKeysForTiers(tenantId, changed.tiers);
    announceGatewayConfigChange({ kind: 'tenant', tenantId });
    return changed;
  } catch (error) {
    if (error instanceof TierBelowMinimumError) {
      // The transaction rolled back; the attempt itself still belongs in the tenant's record.
      await recordAuditEvent({
        ...event,
        tenantId,
        action: 'tenant.tiers_change',
        outcome: 'denied',
        payload: { requested: toTiersPayload(input.tiers), refusals: error.refusals.map((refusal) => ({ ...refusal })) },
      });
    }
    throw error;
  }
}
