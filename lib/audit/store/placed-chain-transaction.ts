import type { DataPlaneTransaction } from '@/lib/placement/with-tenant-data';
import { getPoolRegistry } from '@/lib/placement/pool-registry-instance';
import { buildBeginWithTenantContext, setTenantContext } from '@/lib/tenancy/tenant-context';
import { runTenantTransaction, type TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
import type { AuditSqlClient } from './append-events';
import type { LogLocation } from './log-location';

/**
 * One transaction in the tenant's context on its placed chain (its own schema or database, as its
 * own role), on the placement pools lib/placement keeps under one connection cap. Unlike
 * withTenantData it takes the location it is given, so the appender's hot path does not read the
 * placement again; whether that copy may take appends is the head's frozen flag, read under its lock.
 */
export async function inPlacedChainTransaction<T>(location: LogLocation, work: (tx: DataPlaneTransaction) => Promise<T>): Promise<T> {
  if (!location.target) throw new TypeError('The shared audit tables are reached through withTenant');
  const tenantId = location.placement.tenantId;
  const lease = await getPoolRegistry().acquire(location.target);
  try {
    return await lease.client.$transaction(
      async (tx) => {
        await setTenantContext(tx, tenantId);
        return work(tx);
      },
      { timeout: 10_000, maxWait: 5_000 },
    );
  } finally {
    lease.release();
  }
}

/**
 * The same on the placement pool's plain `pg` connections, for the verifier's COPY read
 * (copy-stored-events.ts), which needs the driver's own client rather than Prisma's.
 */
export async function inPlacedChainSqlTransaction<T>(location: LogLocation, work: (client: TenantSqlClient) => Promise<T>): Promise<T> {
  if (!location.target) throw new TypeError('The shared audit tables are reached through withTenantSql');
  const lease = await getPoolRegistry().acquire(location.target);
  try {
    return await runTenantTransaction(await lease.pool.connect(), buildBeginWithTenantContext(location.placement.tenantId), work);
  } finally {
    lease.release();
  }
}

/** The appender's view of a data-plane transaction: bound parameters only. */
export function toDataPlaneSqlClient(tx: DataPlaneTransaction): AuditSqlClient {
  return { query: (text, values) => tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values) };
}
