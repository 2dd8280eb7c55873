import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';

export interface TenantMember {
  userId: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  isActive: boolean;
  joinedAt: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: 'admin' | 'member';
  expiresAt: string;
}

/** A tenant's members and its open invitations, read under the tenant's own RLS context. */
export async function findTenantMembers(tenantId: string): Promise<{ members: TenantMember[]; invitations: PendingInvitation[] }> {
  return withTenant(tenantId, async (tx) => {
    const [memberships, links] = await Promise.all([
      tx.membership.findMany({
        where: { tenantId },
        orderBy: { createdAt: 'asc' },
        select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true, disabledAt: true } } },
      }),
      tx.accountLink.findMany({
        where: { tenantId, kind: 'invitation', usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, email: true, membershipRole: true, expiresAt: true },
      }),
    ]);
    return {
      members: memberships.map((row) => ({
        userId: row.user.id,
        email: row.user.email,
        name: row.user.name,
        role: row.role,
        isActive: row.user.disabledAt === null,
        joinedAt: row.createdAt.toISOString(),
      })),
      invitations: links.map((link) => ({ id: link.id, email: link.email, role: link.membershipRole ?? 'member', expiresAt: link.expiresAt.toISOString() })),
    };
  });
}
