import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { DATA_CLASSES, REGIMES, type DataClass, type LayerTiers, type Regime, type TenantProfile, type TenantWithTiers } from '@/lib/policy';
import type { PlatformTransaction } from '@/lib/tenancy/platform';
import { tenantSummarySelect, type TenantSummary } from './tenant-summary';

/** The tenant columns the isolation policy reads are the ones the console shows: one select for both. */
export const policyTenantSelect = tenantSummarySelect;

export type PolicyTenantRow = TenantSummary;

export const riskAcceptanceSelect = {
  id: true,
  tenantId: true,
  layer: true,
  acceptedTier: true,
  requiredTier: true,
  ruleIds: true,
  justification: true,
  acceptedAt: true,
  expiresAt: true,
  revokedAt: true,
  acceptedByUser: { select: { id: true, name: true, email: true } },
} satisfies Prisma.RiskAcceptanceSelect;

export type RiskAcceptanceRow = Prisma.RiskAcceptanceGetPayload<{ select: typeof riskAcceptanceSelect }>;

/** Every active tenant and every unrevoked risk acceptance: what a platform-wide evaluation needs. */
export interface PolicySnapshot {
  tenants: PolicyTenantRow[];
  openAcceptances: RiskAcceptanceRow[];
}

/**
 * Reads the platform's policy inputs in the caller's platform transaction. Offboarded tenants are
 * not on the platform, so they neither set the floor nor change anyone's minimum.
 */
export async function loadPolicySnapshot(tx: PlatformTransaction): Promise<PolicySnapshot> {
  const tenants = await tx.tenant.findMany({ where: { status: 'active' }, select: policyTenantSelect, orderBy: { name: 'asc' } });
  const openAcceptances = await tx.riskAcceptance.findMany({
    where: { revokedAt: null, tenant: { status: 'active' } },
    select: riskAcceptanceSelect,
    orderBy: { acceptedAt: 'asc' },
  });
  return { tenants, openAcceptances };
}

/**
 * A stored tenant as the engine's profile. An unknown data class or regime means the row was written
 * by something that skipped validation: refuse to evaluate rather than silently ignore a fact.
 */
export function toTenantProfile(row: Pick<PolicyTenantRow, 'id' | 'name' | 'kind' | 'dataClasses' | 'regimes' | 'adversarial' | 'hasOwnDpa'>): TenantProfile {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    dataClasses: row.dataClasses.map((value) => assertMember<DataClass>(DATA_CLASSES, value, 'data class')),
    regimes: row.regimes.map((value) => assertMember<Regime>(REGIMES, value, 'regime')),
    adversarial: row.adversarial,
    hasOwnDpa: row.hasOwnDpa,
  };
}

export function toLayerTiers(row: Pick<PolicyTenantRow, 'promptTier' | 'retrievalTier' | 'logsTier'>): LayerTiers {
  return { prompt: row.promptTier, retrieval: row.retrievalTier, logs: row.logsTier };
}

export function toTierColumns(tiers: LayerTiers) {
  return { promptTier: tiers.prompt, retrievalTier: tiers.retrieval, logsTier: tiers.logs };
}

export function toTenantsWithTiers(rows: readonly PolicyTenantRow[]): TenantWithTiers[] {
  return rows.map((row) => ({ profile: toTenantProfile(row), tiers: toLayerTiers(row) }));
}

function assertMember<T extends string>(allowed: readonly string[], value: string, what: string): T {
  if (!allowed.includes(value)) throw new Error(`Stored tenant has an unknown ${what}: ${JSON.stringify(value)}`);
  return value as T;
}
