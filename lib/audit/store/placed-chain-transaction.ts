import 'server-only';
import type { DataPlaneTransaction } from '@/lib/placement/with-tenant-data';
import { inTargetTransaction, onTargetConnection } from '@/lib/placement/target-transaction';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { runTenantTransaction, type TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
import type { LogLocation } from './log-location';

/**
 * One transaction in the tenant's context on its placed chain (its own schema or database, as its
 * own role), on the placement pools lib/placement keeps under one connection cap. Unlike
 * withTenantData it takes the location it is given, so the appender's hot path does not read the
 * placement again; whether that copy may take appends is the head's frozen flag, read under its lock.
 */
export async function inPlacedChainTransaction<T>(location: LogLocation, work: (tx: DataPlaneTransaction) => Promise<T>): Promise<T> {
  if (!location.target) throw new TypeError('The shared audit tables are reached through withTenant');
  return inTargetTransaction(location.target, location.placement.tenantId, work);
}

/**
 * The same on the placement pool's plain `pg` connections, for the verifier's COPY read
 * (copy-stored-events.ts), which needs the driver's own client rather than Prisma's.
 */
export async function inPlacedChainSqlTransaction<T>(location: LogLocation, work: (client: TenantSqlClient) => Promise<T>): Promise<T> {
  if (!location.target) throw new TypeError('The shared audit tables are reached through withTenantSql');
  const beginStatement = buildBeginWithTenantContext(location.placement.tenantId, { assumed: location.target.assumed });
  return onTargetConnection(location.target, (client) => runTenantTransaction(client, beginStatement, work));
}
