import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  platformRole: 'platform_admin' | 'compliance_officer' | null;
  memberships: { tenantId: string; slug: string; name: string; role: 'admin' | 'member' }[];
  complianceTenants: { tenantId: string; name: string }[];
  isActive: boolean;
  hasPassword: boolean;
  /** When the user last opened a session, or null when never. */
  lastSignInAt: string | null;
  activeSessions: number;
}

/** Every user with their tenants and roles, newest sign-in first (platform admins only). */
export async function findUsers(principal: Principal): Promise<UserSummary[]> {
  return withPlatformAccess(principal, async (tx) => {
    const now = new Date();
    const [users, lastSessions, openSessions] = await Promise.all([
      tx.user.findMany({
        orderBy: { email: 'asc' },
        select: {
          id: true,
          email: true,
          name: true,
          platformRole: true,
          disabledAt: true,
          passwordHash: true,
          memberships: { select: { role: true, tenant: { select: { id: true, slug: true, name: true } } }, orderBy: { createdAt: 'asc' } },
          complianceAssignments: { select: { tenant: { select: { id: true, name: true } } } },
        },
      }),
      tx.session.groupBy({ by: ['userId'], _max: { createdAt: true } }),
      tx.session.groupBy({ by: ['userId'], where: { revokedAt: null, expiresAt: { gt: now } }, _count: { _all: true } }),
    ]);
    const lastByUser = new Map(lastSessions.map((row) => [row.userId, row._max.createdAt]));
    const openByUser = new Map(openSessions.map((row) => [row.userId, row._count._all]));
    return users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      platformRole: user.platformRole,
      memberships: user.memberships.map((row) => ({ tenantId: row.tenant.id, slug: row.tenant.slug, name: row.tenant.name, role: row.role })),
      complianceTenants: user.complianceAssignments.map((row) => ({ tenantId: row.tenant.id, name: row.tenant.name })),
      isActive: user.disabledAt === null,
      hasPassword: user.passwordHash !== null,
      lastSignInAt: lastByUser.get(user.id)?.toISOString() ?? null,
      activeSessions: openByUser.get(user.id) ?? 0,
    }));
  });
}

/** Active tenants, for the invite form's choices. */
export async function findTenantChoices(principal: Principal): Promise<{ id: string; name: string }[]> {
  return withPlatformAccess(principal, (tx) => tx.tenant.findMany({ where: { status: 'active' }, orderBy: { name: 'asc' }, select: { id: true, name: true } }));
}

/** An open invitation as the Users page lists it, with what it grants in words. */
export interface OpenInvitation {
  id: string;
  email: string;
  grants: string;
  expiresAt: string;
}

/** Every invitation not yet accepted, withdrawn or expired, newest first (platform admins only). */
export async function findOpenInvitations(principal: Principal): Promise<OpenInvitation[]> {
  return withPlatformAccess(principal, async (tx) => {
    const [links, tenants] = await Promise.all([
      tx.accountLink.findMany({
        where: { kind: 'invitation', usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, email: true, tenantId: true, membershipRole: true, platformRole: true, complianceTenantIds: true, expiresAt: true },
      }),
      tx.tenant.findMany({ select: { id: true, name: true } }),
    ]);
    const nameOf = (id: string) => tenants.find((tenant) => tenant.id === id)?.name ?? 'a removed tenant';
    return links.map((link) => ({
      id: link.id,
      email: link.email,
      grants: link.tenantId
        ? `${link.membershipRole === 'admin' ? 'Tenant admin' : 'Member'} of ${nameOf(link.tenantId)}`
        : link.platformRole === 'platform_admin'
          ? 'Platform admin'
          : `Compliance officer for ${link.complianceTenantIds.map(nameOf).join(', ')}`,
      expiresAt: link.expiresAt.toISOString(),
    }));
  });
}
