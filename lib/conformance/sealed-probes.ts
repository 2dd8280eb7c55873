import 'server-only';
import { randomUUID } from 'node:crypto';
import { decryptForTenant, encryptForTenant, getTenantKey } from '@/lib/kms';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import { isEncryptedTier } from '@/lib/placement/layers';
import { openField, sealField, type SealedFieldRef } from '@/lib/placement/sealed-fields';

/** One value sealed for this run the way the tenant's data is, with how to open it again. */
export interface SealedProbe {
  label: string;
  keyId: string | null;
  sealed: string;
  plaintext: string;
  /** Opens the value as `tenantId`, under `keyId` (or whatever key the real path would pick). */
  open(as: { tenantId: string; keyId?: string | null }): Promise<string>;
}

const LAYER_REFS = { prompt: { table: 'prompt_versions', column: 'body' }, retrieval: { table: 'chunks', column: 'content' } } as const;

/**
 * Seals a fresh value under each of the tenant's keys in use: each encrypted prompt or retrieval
 * placement's key (through lib/placement's sealField, exactly as its rows are sealed) and the
 * tenant's own KMS key when it has one. Nothing is stored: the values exist only in this run.
 */
export async function sealProbeValues(tenantId: string, runId: string): Promise<SealedProbe[]> {
  const probes: SealedProbe[] = [];
  for (const layer of ['prompt', 'retrieval'] as const) {
    const placement = await getPlacement(tenantId, layer);
    if (!isEncryptedTier(placement.tier)) continue;
    const ref: SealedFieldRef = { ...LAYER_REFS[layer], rowId: randomUUID() };
    const plaintext = `conformance probe ${runId} ${layer}`;
    const sealed = await sealField(placement, ref, plaintext);
    probes.push({
      label: `${layer} placement key`,
      keyId: placement.keyId,
      sealed,
      plaintext,
      open: (as) => openField(withIdentity(placement, as), ref, sealed),
    });
  }
  const tenantKey = await getTenantKey(tenantId);
  if (tenantKey) {
    const recordId = `conformance:${runId}`;
    const plaintext = `conformance probe ${runId} tenant key`;
    const sealed = await encryptForTenant({ tenantId, purpose: 'secret', recordId }, plaintext);
    probes.push({
      label: 'tenant key',
      keyId: tenantKey.keyId,
      sealed,
      plaintext,
      open: async (as) =>
        (await decryptForTenant({ tenantId: as.tenantId, purpose: 'secret', recordId, keyId: as.keyId ?? undefined }, sealed)).toString('utf8'),
    });
  }
  return probes;
}

function withIdentity(placement: Placement, as: { tenantId: string; keyId?: string | null }): Placement {
  return { ...placement, tenantId: as.tenantId, keyId: as.keyId === undefined ? placement.keyId : as.keyId };
}
