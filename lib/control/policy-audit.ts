import 'server-only';
import type { AuditActor, AuditEventFields, JsonValue } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { Principal } from '@/lib/auth/principal';
import type { AffectedTenants, LayerTiers, TenantProfile } from '@/lib/policy';
import type { PlatformTransaction } from '@/lib/tenancy/platform';

export type ChainEvent = Omit<AuditEventFields, 'tenantId'>;

export function describeActor(principal: Principal): AuditActor {
  return { type: 'user', id: principal.userId, label: principal.email };
}

/** The classification as recorded in before/after payloads (the id is the event's target). */
export function toProfilePayload(profile: Omit<TenantProfile, 'id'> & { notes: string }): JsonValue {
  return {
    name: profile.name,
    kind: profile.kind,
    dataClasses: [...profile.dataClasses],
    regimes: [...profile.regimes],
    adversarial: profile.adversarial,
    hasOwnDpa: profile.hasOwnDpa,
    notes: profile.notes,
  };
}

export function toTiersPayload(tiers: LayerTiers): JsonValue {
  return { prompt: tiers.prompt, retrieval: tiers.retrieval, logs: tiers.logs };
}

/**
 * Appends a `policy.decision` to the chain of every tenant whose minimum moved, and one to the
 * platform chain when the floor moved, in the caller's transaction. Another tenant's event names
 * neither the tenant that changed nor rule reasons (which quote other tenants): only its own
 * minimums and rule ids. The shared request id links them for platform admins.
 */
export async function appendPolicyDecisions(
  tx: PlatformTransaction,
  change: { affected: AffectedTenants; changedTenantId: string; actor: AuditActor; requestId: string },
): Promise<void> {
  for (const { tenant, status, changes } of change.affected.tenants) {
    const isChangedTenant = tenant.id === change.changedTenantId;
    await appendAuditEvents(tx, tenant.id, [
      {
        actor: change.actor,
        action: 'policy.decision',
        target: tenant.id,
        requestId: change.requestId,
        outcome: 'success',
        payload: {
          cause: status === 'added' ? 'tenant_created' : isChangedTenant ? 'own_classification_changed' : 'platform_tenants_changed',
          minimums: changes.map(({ layer, before, after, rulesAfter }) => ({ layer, before, after, ruleIds: rulesAfter.map((rule) => rule.id) })),
        },
      },
    ]);
  }
  if (change.affected.floor.length === 0) return;
  await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
    {
      actor: change.actor,
      action: 'policy.decision',
      target: change.changedTenantId,
      requestId: change.requestId,
      outcome: 'success',
      payload: { cause: 'platform_floor_changed', floor: change.affected.floor.map(({ layer, before, after }) => ({ layer, before, after })) },
    },
  ]);
}
