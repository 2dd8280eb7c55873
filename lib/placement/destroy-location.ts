import 'server-only';
import pg from 'pg';
import { releaseSharedAuditChain } from './audit-log-port';
import { getOwnerUrlFor, resolveConnectionTarget } from './connection-target';
import type { Placement } from './get-placement';
import { LAYER_TABLES } from './layers';
import { waitForLocationRelease } from './location-release';
import { getCopyServerOwnerUrl } from './servers/get-server-owner-url';
import { dropDatabasePlacement, dropSchemaPlacement, withOwnerConnection } from './placement-ddl';
import { getPoolRegistry } from './pool-registry-instance';
import { openTenantSession } from './layer-rows';
import { shredLocationKey } from './placement-keys';
import type { StepPayload } from './run-steps';

/**
 * Destroys one copy of a layer: in the shared schema (here or on a shard server), the tenant's rows
 * of the layer's tables (as the application role, in the tenant's context, so no other tenant's row
 * can be touched); a tenant schema or database is dropped whole, with its role, and then
 * crypto-shredded: its placement key is scheduled for deletion, so what remains of it in backups no longer decrypts (placement-keys.ts).
 * Idempotent. Returns what the step's audit event records (the shredded key and its deletion date).
 */
export async function destroyLocation(placement: Placement): Promise<StepPayload> {
  await evictPool(placement);
  // The shared tables, here or on a shard, are never dropped: only this tenant's rows go.
  if (placement.tier === 'namespace') {
    if (placement.layer === 'logs') await releaseSharedAuditChain(placement.tenantId);
    else await deleteSharedRows(placement);
    return {};
  }
  if (!placement.roleName) throw new Error(`A ${placement.tier} copy without a role cannot be destroyed`);
  const serverUrl = getOwnerUrlFor(null, await getCopyServerOwnerUrl(placement));
  const database = decodeURIComponent(new URL(serverUrl).pathname.slice(1));
  await waitForLocationRelease(serverUrl, placement.roleName, { schemaName: placement.databaseName ? undefined : placement.schemaName });
  await withOwnerConnection(serverUrl, (owner) =>
    placement.databaseName
      ? dropDatabasePlacement(owner, placement.databaseName, placement.roleName!)
      : dropSchemaPlacement(owner, placement.schemaName, placement.roleName!, database),
  );
  return shredLocationKey(placement);
}

export async function evictPool(placement: Placement): Promise<void> {
  // The shared tables' pool (here or on a shard) serves every tenant there and is never dropped:
  // closing it would fail other tenants' transactions in flight.
  if (placement.tier === 'namespace') return;
  const target = await resolveConnectionTarget(placement).catch(() => null);
  if (target) await getPoolRegistry().evict(target.key);
}

// A shard target rolled back before its database or role existed holds nothing of the tenant.
const absentShardCodes = new Set(['3D000', '28P01', '28000']);

async function deleteSharedRows(placement: Placement) {
  const session = await openTenantSession(placement).catch((error: { code?: string }) => {
    if (placement.serverId && absentShardCodes.has(error.code ?? '')) return null;
    throw error;
  });
  if (!session) return;
  try {
    for (const table of [...LAYER_TABLES[placement.layer]].reverse()) await session.query(`DELETE FROM ${pg.escapeIdentifier(table)}`);
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await session.end().catch(() => {});
  }
}
