import 'server-only';
import type { LayerTiers } from '@/lib/policy/types';
import { isUuid } from '@/lib/tenancy/tenant-id';

/**
 * Whose KMS key protects a tenant's data: its own customer key (any layer at `schema_kms` or
 * `dedicated`) or the shared platform key (all layers at `namespace`). Either way the tenant id
 * is bound into every encryption context, so the platform key never lets one tenant read another.
 */
export type KeyOwner = 'tenant' | 'platform';

export const platformKeyAlias = 'alias/bulkhead/platform';

/** Chooses the key owner from the tenant's tiers (from the control plane, never from a request). */
export function selectKeyOwner(tiers: LayerTiers): KeyOwner {
  return Object.values(tiers).some((tier) => tier === 'schema_kms' || tier === 'dedicated') ? 'tenant' : 'platform';
}

/** `alias/bulkhead/tenant/<tenantId>`, the one name under which a tenant's customer key is found. */
export function getTenantKeyAlias(tenantId: string): string {
  return `alias/bulkhead/tenant/${normalizeTenantId(tenantId)}`;
}

/**
 * `alias/bulkhead/tenant/<tenantId>/placement/<layer>/<generation>`: the key of one copy of one
 * layer. The generation (the provisioning operation's id) makes every copy's key a new key, so a
 * layer that comes back to a location it left never meets the key shredded there.
 */
export function getPlacementKeyAlias(tenantId: string, layer: string, generation: string): string {
  if (!/^[a-z_]{1,32}$/.test(layer) || !isUuid(generation)) throw new TypeError('A placement key needs a layer name and a generation (uuid)');
  return `${getPlacementKeyAliasPrefix(tenantId)}${layer}/${generation.toLowerCase()}`;
}

/** The alias prefix every placement key of the tenant shares (offboarding finds them by it). */
export function getPlacementKeyAliasPrefix(tenantId: string): string {
  return `${getTenantKeyAlias(tenantId)}/placement/`;
}

export function getKeyAlias(owner: KeyOwner, tenantId: string): string {
  return owner === 'tenant' ? getTenantKeyAlias(tenantId) : platformKeyAlias;
}

/**
 * Tenant ids are UUIDs, compared in lower case: an upper-cased id must reach the same alias and
 * context, not create a second key. Anything else is a programming error.
 */
export function normalizeTenantId(tenantId: string): string {
  if (!isUuid(tenantId)) throw new TypeError('lib/kms needs a tenant id (uuid)');
  return tenantId.toLowerCase();
}
