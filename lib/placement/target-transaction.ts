import 'server-only';
import type { PoolClient } from 'pg';
import type { Prisma } from '@/lib/generated/data-plane/client';
import { setTenantContext } from '@/lib/tenancy/tenant-context';
import type { ConnectionTarget } from './connection-target';
import { getPoolRegistry } from './pool-registry-instance';

/** A data-plane transaction in one tenant's context, on that tenant's placement. */
export type DataPlaneTransaction = Prisma.TransactionClient;

/**
 * A Prisma interactive transaction on a resolved placement connection whose first statements are
 * `SET TRANSACTION READ ONLY` (when asked) and the transaction-local tenant setting. withTenantData
 * uses it after looking the placement up; the placed audit chain uses it with the location it holds.
 */
export async function inTargetTransaction<T>(
  target: ConnectionTarget,
  tenantId: string,
  work: (tx: DataPlaneTransaction) => Promise<T>,
  options: { readOnly?: boolean; timeoutMs?: number } = {},
): Promise<T> {
  const lease = await getPoolRegistry().acquire(target);
  try {
    return await lease.client.$transaction(
      async (tx) => {
        // Must come before any other statement of the transaction.
        if (options.readOnly) await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY');
        await setTenantContext(tx, tenantId, target.assumed);
        return work(tx);
      },
      { timeout: options.timeoutMs ?? 10_000, maxWait: 5_000 },
    );
  } finally {
    lease.release();
  }
}

/**
 * One plain `pg` connection of a placement's pool, for lean transactions (runTenantTransaction,
 * runTenantStatement in lib/tenancy/with-tenant-sql.ts, which set the tenant and release the client);
 * their begin statement must carry `target.assumed` (buildBeginWithTenantContext).
 * `use` owns the client and must release it; the pool lease ends when `use` settles.
 */
export async function onTargetConnection<T>(target: ConnectionTarget, use: (client: PoolClient) => Promise<T>): Promise<T> {
  const lease = await getPoolRegistry().acquire(target);
  try {
    return await use(await lease.pool.connect());
  } finally {
    lease.release();
  }
}
