import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { getPlatformOverview } from '@/lib/control/get-platform-overview';
import { LAYERS } from '@/lib/policy';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { PROBE_TENANT_SLUG } from '../probe-tenant';
import { PLATFORM_ATTESTATION_KIND, type PlatformAttestationStatement } from './attestation-types';

/**
 * The platform's own report: the floor per layer and why, the assurance the platform can claim (its
 * weakest tenant), the tenants below the floor, and each tenant's latest conformance run.
 * @throws ForbiddenError unless the principal is a platform admin
 */
export async function buildPlatformAttestation(principal: Principal, now = new Date()): Promise<PlatformAttestationStatement> {
  const { assessment, slugs } = await getPlatformOverview(principal, { now });
  const latestRuns = await withPlatformAccess(principal, (tx) =>
    tx.conformanceRun.findMany({
      distinct: ['tenantId'],
      orderBy: [{ tenantId: 'asc' }, { startedAt: 'desc' }],
      select: { id: true, tenantId: true, status: true, startedAt: true },
    }),
  );
  const runByTenant = new Map(latestRuns.map((run) => [run.tenantId, run]));
  return {
    kind: PLATFORM_ATTESTATION_KIND,
    version: 1,
    issuedAt: now.toISOString(),
    layers: LAYERS.map((layer) => ({
      layer,
      floor: assessment.floor[layer].tier,
      floorReason: assessment.floor[layer].reason,
      claimableAssurance: assessment.assurance[layer].tier,
      isFloorMet: assessment.assurance[layer].isFloorMet,
      limitedBy: assessment.assurance[layer].limitedBy.map((tenant) => tenant.name),
    })),
    tenantsBelowFloor: assessment.belowFloor.map((shortfall) => ({
      tenantId: shortfall.tenant.id,
      name: shortfall.tenant.name,
      layers: shortfall.layers.map(({ layer, current, required }) => ({ layer, current, required })),
    })),
    tenants: assessment.requirements
      .filter(({ tenant }) => slugs[tenant.id] !== PROBE_TENANT_SLUG)
      .map(({ tenant }) => {
        const run = runByTenant.get(tenant.id);
        return {
          id: tenant.id,
          slug: slugs[tenant.id],
          name: tenant.name,
          latestRun: run ? { id: run.id, status: run.status, startedAt: run.startedAt.toISOString() } : null,
        };
      }),
  };
}
