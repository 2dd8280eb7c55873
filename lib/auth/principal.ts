import 'server-only';
export type PlatformRole = 'platform_admin' | 'compliance_officer';
/** `audit_reader` is never a membership: it is the one grant of an audit-read API key (api-key-principal.ts). */
export type TenantRole = 'admin' | 'member' | 'compliance' | 'audit_reader';

export interface TenantGrant {
  tenantId: string;
  slug: string;
  name: string;
  role: TenantRole;
}

/** Who is acting, resolved on the server from the session row on every request. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  platformRole: PlatformRole | null;
  grants: TenantGrant[];
  sessionTokenHash: string;
  /** Set when a tenant API key (not a person) authenticated: userId is then the key's id and there is no session. */
  apiKey?: { id: string; name: string };
}

export type Permission =
  | 'tenant.view'
  | 'tenant.manage'
  | 'audit.read'
  | 'keys.manage'
  | 'prompts.manage'
  | 'knowledge.manage'
  | 'playground.use'
  | 'isolation.read'
  | 'isolation.run'
  | 'incidents.read'
  | 'members.manage';

const tenantRolePermissions: Record<TenantRole, readonly Permission[]> = {
  member: ['tenant.view', 'playground.use'],
  admin: [
    'tenant.view',
    'tenant.manage',
    'audit.read',
    'keys.manage',
    'prompts.manage',
    'knowledge.manage',
    'playground.use',
    'isolation.read',
    'incidents.read',
    'members.manage',
  ],
  // Isolation evidence is the compliance officer's to produce; tenant admins read it. Incidents are
  // theirs to read, never to triage (that is tenant.manage).
  compliance: ['tenant.view', 'audit.read', 'isolation.read', 'isolation.run', 'incidents.read'],
  audit_reader: ['audit.read'],
};

/** Platform admins may act on every tenant; that access goes through the platform path and is logged. */
export function hasTenantPermission(principal: Principal, grant: TenantGrant | null, permission: Permission): boolean {
  if (principal.platformRole === 'platform_admin') return true;
  return grant !== null && tenantRolePermissions[grant.role].includes(permission);
}

export function isPlatformAdmin(principal: Principal | null): boolean {
  return principal?.platformRole === 'platform_admin';
}
