import 'server-only';
import { UserFacingError } from '@/lib/errors';
import type { PlatformTransaction } from '@/lib/tenancy/platform';

/**
 * Whether the user is the only active platform admin. Locks every active admin's row, so two
 * changes demoting admins at once (in the console or at SSO sign-in) cannot both see another one left.
 */
export async function isLastActivePlatformAdmin(tx: PlatformTransaction, userId: string): Promise<boolean> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM users WHERE platform_role = 'platform_admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  return admins.length === 1 && admins[0].id === userId;
}

/**
 * Refuses a change that would leave no active platform admin (demoting or deactivating the last
 * one, themself included): nobody could then manage users again without editing the database.
 */
export async function assertAnotherPlatformAdminRemains(tx: PlatformTransaction, userId: string): Promise<void> {
  if (await isLastActivePlatformAdmin(tx, userId)) {
    throw new UserFacingError('This is the last active platform admin. Make another user a platform admin first.', 409);
  }
}
