import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { NotFoundError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordPlatformCopy, type IdentityChange } from '@/lib/audit/store/append-identity-events';

interface MemberChange {
  userId: string;
  actor: AuditActor;
  requestId: string;
}

/**
 * Changes a member's tenant role (member or tenant admin) as the app role in the tenant's context:
 * a user of another tenant matches no row, and the role column cannot hold a platform role.
 * The member's next request sees the new role (grants are read on every request).
 */
export async function changeMemberRole(tenantId: string, input: MemberChange & { role: 'admin' | 'member' }): Promise<void> {
  await applyMemberChange(tenantId, input, async (tx) => {
    const before = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId: input.userId } }, select: { role: true } });
    if (!before) throw new NotFoundError('That person is not a member of this tenant.');
    await tx.membership.update({ where: { tenantId_userId: { tenantId, userId: input.userId } }, data: { role: input.role } });
    return { action: 'member.update', payload: { tenantId, before: { role: before.role }, after: { role: input.role } } };
  });
}

/** Removes a member from the tenant; their access to it ends with their next request. */
export async function removeMember(tenantId: string, input: MemberChange): Promise<void> {
  await applyMemberChange(tenantId, input, async (tx) => {
    const removed = await tx.membership.deleteMany({ where: { tenantId, userId: input.userId } });
    if (removed.count === 0) throw new NotFoundError('That person is not a member of this tenant.');
    return { action: 'member.remove', payload: { tenantId } };
  });
}

type TenantTx = Parameters<Parameters<typeof withTenant>[1]>[0];

async function applyMemberChange(
  tenantId: string,
  input: MemberChange,
  work: (tx: TenantTx) => Promise<Pick<IdentityChange, 'action' | 'payload'>>,
): Promise<void> {
  const change = await withTenant(tenantId, async (tx) => {
    const described = await work(tx);
    const event: IdentityChange = { ...described, actor: input.actor, target: `user:${input.userId}`, requestId: input.requestId };
    await appendAuditEvents(tx, tenantId, [{ ...event, outcome: 'success' }]);
    return event;
  });
  await recordPlatformCopy(change);
}
