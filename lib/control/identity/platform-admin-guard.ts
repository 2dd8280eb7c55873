import 'server-only';
import { UserFacingError } from '@/lib/errors';
import type { PlatformTransaction } from '@/lib/tenancy/platform';

/**
 * Refuses a change that would leave no active platform admin (demoting or deactivating the last
 * one, themself included): nobody could then manage users again without editing the database.
 * Locks every active admin's row, so two admins demoting each other at once cannot both pass.
 */
export async function assertAnotherPlatformAdminRemains(tx: PlatformTransaction, userId: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM users WHERE platform_role = 'platform_admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  const isAdmin = admins.some((admin) => admin.id === userId);
  if (isAdmin && admins.length === 1) {
    throw new UserFacingError('This is the last active platform admin. Make another user a platform admin first.', 409);
  }
}
