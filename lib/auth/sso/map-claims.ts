/** One mapping rule: an ID-token claim holding `value` grants `role` in the tenant. */
export interface ClaimMapping {
  claim: string;
  value: string;
  tenantId: string;
  role: 'admin' | 'member';
}

/**
 * The tenant roles an identity's claims map to: a rule matches when the claim equals the value, or
 * is an array (groups) holding it. Several rules for one tenant give the strongest role. Pure.
 */
export function mapClaimsToTenantRoles(claims: Record<string, unknown>, mappings: readonly ClaimMapping[]): Map<string, 'admin' | 'member'> {
  const roles = new Map<string, 'admin' | 'member'>();
  for (const mapping of mappings) {
    const held = claims[mapping.claim];
    const values = Array.isArray(held) ? held : [held];
    if (!values.some((candidate) => typeof candidate === 'string' && candidate === mapping.value)) continue;
    if (roles.get(mapping.tenantId) !== 'admin') roles.set(mapping.tenantId, mapping.role);
  }
  return roles;
}
