import 'server-only';
import type { LayerTiers } from '@/lib/policy/types';
import { selectKeyOwner, type KeyOwner } from './key-owner';
import { ensurePlatformKey, ensureTenantKey, type KeyInfo } from './key-provider';

/**
 * Makes sure the key a tenant's tiers call for exists: its own customer key when any layer is
 * `schema_kms` or `dedicated`, otherwise the platform key. Call it right after tiers change (and
 * when a tenant is created), outside the database transaction:
 *
 *   await ensureKeysForTiers(tenantId, result.tiers);
 *
 * Idempotent; a disabled or pending-deletion key is returned as it is, never replaced. Data already
 * encrypted under the previous owner's key moves with a re-wrap job (startRewrapJob with from/to).
 * @throws KmsError when KMS cannot create or describe the key (fail closed: the caller reports it)
 */
export async function ensureKeysForTiers(tenantId: string, tiers: LayerTiers): Promise<{ owner: KeyOwner; key: KeyInfo }> {
  const owner = selectKeyOwner(tiers);
  const key = owner === 'tenant' ? await ensureTenantKey(tenantId) : await ensurePlatformKey();
  return { owner, key };
}
