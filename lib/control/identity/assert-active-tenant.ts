import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { NotFoundError } from '@/lib/errors';
import { withPlatformAccess } from '@/lib/tenancy/platform';

/** For a platform admin naming a tenant by id: the id back when it is an active tenant, else 404. */
export async function assertActiveTenant(principal: Principal, tenantId: string): Promise<string> {
  const tenant = await withPlatformAccess(principal, (tx) => tx.tenant.findFirst({ where: { id: tenantId, status: 'active' }, select: { id: true } }));
  if (!tenant) throw new NotFoundError('No such tenant.');
  return tenant.id;
}
