import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { getChainStatus } from '@/lib/audit/store/chain-status';
import { getTenantPolicyView } from '@/lib/control/get-tenant-policy-view';
import { computeCacheSalt } from '@/lib/enforcement/route-endpoint';
import { getTenantKeyStatus, readKmsConfig } from '@/lib/kms';
import { getPlacement } from '@/lib/placement/get-placement';
import { LAYERS } from '@/lib/placement/layers';
import { getLatestFinishedRun } from '../run-store';
import { ATTESTATION_KIND, type AttestedLayer, type TenantAttestationStatement } from './attestation-types';
import { mapControls } from './map-controls';

/**
 * A tenant's attestation, generated from its latest finished run and the live configuration (policy,
 * placements, KMS, cache salt, audit chain status), never typed by hand. The caller has authorized
 * `access` for isolation.read.
 */
export async function buildTenantAttestation(access: TenantAccess, now = new Date()): Promise<TenantAttestationStatement> {
  const tenantId = access.tenant.id;
  const [policy, run, chain, checkpoints] = await Promise.all([
    getTenantPolicyView(access, { now }),
    getLatestFinishedRun(tenantId),
    getChainStatus(tenantId),
    getAuditChainStore(tenantId).findCheckpoints({ fromSeq: 0 }),
  ]);
  const layers: AttestedLayer[] = [];
  for (const layer of LAYERS) {
    const placement = await getPlacement(tenantId, layer);
    const view = policy.layers[layer];
    const acceptance = view.compliance.acceptance;
    layers.push({
      layer,
      tierInForce: placement.tier,
      policyMinimum: view.minimum,
      reasons: view.rules.map((rule) => ({ ruleId: rule.id, title: rule.title, explanation: rule.explanation })),
      compliance: view.compliance.status,
      riskAcceptances: acceptance
        ? [
            {
              id: acceptance.id,
              acceptedTier: acceptance.acceptedTier,
              requiredTier: acceptance.requiredTier,
              ruleIds: acceptance.ruleIds,
              justification: acceptance.justification,
              expiresAt: acceptance.expiresAt.toISOString(),
            },
          ]
        : [],
      location: {
        schema: placement.schemaName,
        database: placement.databaseName,
        state: placement.state,
        // A dedicated external server's address is a secret; say only that it is one.
        endpoint: placement.externalUrlSealed
          ? 'a dedicated external server'
          : placement.tier === 'dedicated'
            ? 'a dedicated database on the platform server'
            : 'the platform server',
      },
      kmsKeyId: placement.keyId,
    });
  }
  const keyStatus = await getTenantKeyStatus(tenantId, policy.tiers);
  const kms = readKmsConfig();
  // The newest checkpoint the platform signed (ordered by time), whether or not a verification has passed it since.
  const checkpoint = checkpoints.at(-1) ?? null;
  return {
    kind: ATTESTATION_KIND,
    version: 1,
    issuedAt: now.toISOString(),
    tenant: access.tenant,
    layers,
    keys: {
      tenantKeyId: keyStatus.key?.keyId ?? null,
      keyOwner: keyStatus.owner,
      rotation: keyStatus.rotation
        ? {
            enabled: keyStatus.rotation.isEnabled,
            periodDays: keyStatus.rotation.periodDays ?? null,
            nextRotationDate: keyStatus.rotation.nextRotationDate?.toISOString() ?? null,
          }
        : null,
      dataKeyCache: { maxAgeMs: kms.dataKeyMaxAgeMs, maxUses: kms.dataKeyMaxUses, maxEntries: kms.dataKeyMaxEntries },
      error: keyStatus.error,
    },
    cacheSalt: { configured: isCacheSaltConfigured(tenantId), clientSaltsDropped: true },
    run: run && { id: run.id, status: run.status, trigger: run.trigger, startedAt: run.startedAt, finishedAt: run.finishedAt, checks: run.results },
    auditChain: {
      verified: chain?.ok ?? null,
      checkedAt: chain?.checkedAt ?? null,
      eventCount: chain?.eventCount ?? null,
      verifiedThroughSeq: chain?.verifiedThroughSeq ?? null,
      lastSignedCheckpoint: checkpoint && { seq: checkpoint.seq, headHash: checkpoint.headHash, time: checkpoint.time, signature: checkpoint.signature },
    },
    controls: mapControls(run?.results ?? null),
  };
}

function isCacheSaltConfigured(tenantId: string): boolean {
  try {
    return computeCacheSalt(tenantId).length > 0;
  } catch {
    return false;
  }
}
