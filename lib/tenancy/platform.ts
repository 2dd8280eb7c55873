import 'server-only';
import { env } from '@/lib/env';
import { getPrismaClientFor } from '@/lib/db/prisma-clients';
import { ForbiddenError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';

export type PlatformTransaction = Prisma.TransactionClient;

/** Who asks for the platform path: only the platform role matters here (lib/auth's Principal has it). */
export interface PlatformRequester {
  platformRole: string | null;
}

/**
 * The one cross-tenant path. It checks that the principal is a platform admin before it opens
 * anything, then runs `work` in a transaction on the separate `bulkhead_platform` database role,
 * whose RLS policies are keyed on that role (not on a setting a session could forge).
 * Nothing else in the app can reach that role's connection.
 */
export async function withPlatformAccess<T>(principal: PlatformRequester, work: (tx: PlatformTransaction) => Promise<T>): Promise<T> {
  assertPlatformAdmin(principal);
  return runAsPlatform(work);
}

export function assertPlatformAdmin(principal: PlatformRequester): void {
  if (principal.platformRole !== 'platform_admin') {
    throw new ForbiddenError('Only platform admins can do that.');
  }
}

/**
 * For trusted server-side jobs with no signed-in user (seed, provisioning workers): the same
 * role, named separately so each call site says why it is allowed.
 */
export async function withPlatformSystemAccess<T>(reason: string, work: (tx: PlatformTransaction) => Promise<T>) {
  if (!reason) throw new TypeError('withPlatformSystemAccess needs a reason');
  return runAsPlatform(work);
}

function runAsPlatform<T>(work: (tx: PlatformTransaction) => Promise<T>) {
  const prisma = getPrismaClientFor(env.platformDatabaseUrl, env.databasePoolSize);
  return prisma.$transaction(work, { timeout: 15_000, maxWait: 5_000 });
}
