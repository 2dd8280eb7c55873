type TenantRole = 'admin' | 'member';
type PlatformRole = 'platform_admin' | 'compliance_officer';

/** One mapping rule: an ID-token claim holding `value` grants a tenant role, or a platform role. */
export type ClaimMapping = { claim: string; value: string } & (
  { tenantId: string; role: TenantRole; platformRole?: null } | { tenantId?: null; platformRole: PlatformRole; complianceTenantIds: readonly string[] }
);

/** What the claims grant: tenant roles, and at most one platform role (with a compliance officer's tenants). */
export interface MappedAccess {
  tenantRoles: Map<string, TenantRole>;
  platformRole: PlatformRole | null;
  complianceTenantIds: Set<string>;
}

/** A rule matches when the claim equals the value, or is an array (groups) holding it. */
function holds(claims: Record<string, unknown>, mapping: { claim: string; value: string }): boolean {
  const held = claims[mapping.claim];
  const values = Array.isArray(held) ? held : [held];
  return values.some((candidate) => typeof candidate === 'string' && candidate === mapping.value);
}

/**
 * The access an identity's claims map to. Several rules for one tenant give the strongest role;
 * platform admin outranks compliance officer, and a compliance officer's tenants are the union of
 * every matching compliance rule's. Pure.
 */
export function mapClaims(claims: Record<string, unknown>, mappings: readonly ClaimMapping[]): MappedAccess {
  const access: MappedAccess = { tenantRoles: new Map(), platformRole: null, complianceTenantIds: new Set() };
  for (const mapping of mappings) {
    if (!holds(claims, mapping)) continue;
    if (mapping.platformRole) {
      if (mapping.platformRole === 'platform_admin') access.platformRole = 'platform_admin';
      else {
        access.platformRole ??= 'compliance_officer';
        for (const tenantId of mapping.complianceTenantIds) access.complianceTenantIds.add(tenantId);
      }
    } else if (access.tenantRoles.get(mapping.tenantId) !== 'admin') {
      access.tenantRoles.set(mapping.tenantId, mapping.role);
    }
  }
  if (access.platformRole !== 'compliance_officer') access.complianceTenantIds.clear();
  return access;
}

/** The tenant roles alone (see mapClaims). */
export function mapClaimsToTenantRoles(claims: Record<string, unknown>, mappings: readonly ClaimMapping[]): Map<string, TenantRole> {
  return mapClaims(claims, mappings).tenantRoles;
}
