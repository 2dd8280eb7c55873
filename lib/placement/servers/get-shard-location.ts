import 'server-only';
import { ensureTenantKey } from '@/lib/kms';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { PlacementOperationError } from '../errors';
import type { Layer } from '../layers';
import { getShardNames, type PlacementNames } from '../naming';
import { sealPlacementSecret } from '../placement-secrets';
import { getServerAddressUrl } from './get-server-address';
import { openShardRolePassword } from './server-secrets';

export interface ShardLocation extends PlacementNames {
  roleName: string;
  databaseName: string;
  /** The shard role's password, sealed under the tenant's key for this layer (what request handling opens). */
  rolePasswordSealed: string;
  /** The server's address (no owner credentials), sealed under the tenant's key. */
  externalUrlSealed: string;
}

/**
 * Where a tenant's namespace layer lives on a registered server's shard, with the shard role's
 * password and the server's address sealed under the tenant's own key, as a dedicated placement keeps
 * its own: request handling opens them with the tenant key and never reads the registry (the
 * application role has no right on it). Only the placement worker calls this: it opens the
 * platform-sealed shard password.
 * @throws PlacementOperationError when the server is not registered or hosts no shard, or for the log
 */
export async function getShardLocation(tenantId: string, layer: Layer, serverId: string): Promise<ShardLocation> {
  // A namespace log is the control plane's own audit tables, appended in the same transaction as the
  // admin change it records: it cannot live on another server.
  if (layer === 'logs') throw new PlacementOperationError('A namespace log stays on the control plane server; only prompt and retrieval go to a shard.');
  const server = await withPlatformSystemAccess('placement worker: shard role', (tx) =>
    tx.databaseServer.findUnique({ where: { id: serverId }, select: { shardRolePasswordSealed: true } }),
  );
  if (!server) throw new PlacementOperationError('The database server this layer is placed on is not registered.');
  if (!server.shardRolePasswordSealed)
    throw new PlacementOperationError('That database server hosts no namespace shard; turn one on on the servers page first.');
  const names = getShardNames(serverId);
  const password = await openShardRolePassword(serverId, server.shardRolePasswordSealed);
  await ensureTenantKey(tenantId);
  return {
    schemaName: names.schemaName,
    databaseName: names.databaseName!,
    roleName: names.roleName!,
    rolePasswordSealed: await sealPlacementSecret(tenantId, layer, names.roleName!, 'role_password', password),
    externalUrlSealed: await sealPlacementSecret(tenantId, layer, names.roleName!, 'external_url', await getServerAddressUrl(serverId)),
  };
}
