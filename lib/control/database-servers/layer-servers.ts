import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { LAYERS, type Layer, type LayerTiers, type Tier } from '@/lib/policy';
import { withPlatformAccess, type PlatformRequester, type PlatformTransaction } from '@/lib/tenancy/platform';

/** Per layer, the registered server it is to live on; null: the control plane's own server. */
export type LayerServers = Record<Layer, string | null>;

const serverColumn = { prompt: 'promptServerId', retrieval: 'retrievalServerId', logs: 'logsServerId' } as const;

export function toServerColumns(servers: LayerServers) {
  return Object.fromEntries(LAYERS.map((layer) => [serverColumn[layer], servers[layer]])) as Record<(typeof serverColumn)[Layer], string | null>;
}

async function readLayerServers(tx: PlatformTransaction, tenantId: string): Promise<LayerServers> {
  const row = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { promptServerId: true, retrievalServerId: true, logsServerId: true } });
  return { prompt: row.promptServerId, retrieval: row.retrievalServerId, logs: row.logsServerId };
}

/** The servers recorded for a tenant's layers, for the tier form (platform admins). */
export function findLayerServers(principal: PlatformRequester, tenantId: string): Promise<LayerServers> {
  return withPlatformAccess(principal, (tx) => readLayerServers(tx, tenantId));
}

/** Whether `layer` at `tier` may live on a registered server: a dedicated database, or a namespace shard (never the log). */
function canLiveOnServer(layer: Layer, tier: Tier): boolean {
  return tier === 'dedicated' || (tier === 'namespace' && layer !== 'logs');
}

/**
 * The servers a tier change records, in its transaction: a dedicated layer may live on any registered
 * server, a namespace prompt or retrieval layer on a server hosting a namespace shard (its shared
 * tables there). A schema_kms copy is reached through the control plane server's shared pool, and a
 * namespace log is the control plane's own audit tables: both stay here. A layer the request says
 * nothing about keeps its server while its tier allows one. Each chosen server is locked, so it
 * cannot be removed, nor its shard turned off, before this commits.
 * @throws UserFacingError 422 when a chosen server is not registered (any more) or hosts no shard for a namespace layer
 */
export async function planLayerServers(
  tx: PlatformTransaction,
  tenantId: string,
  tiers: LayerTiers,
  requested: Partial<LayerServers> | undefined,
): Promise<{ before: LayerServers; after: LayerServers }> {
  const before = await readLayerServers(tx, tenantId);
  const after = Object.fromEntries(
    LAYERS.map((layer) => [layer, !canLiveOnServer(layer, tiers[layer]) ? null : requested && layer in requested ? (requested[layer] ?? null) : before[layer]]),
  ) as LayerServers;
  const chosen = [...new Set(Object.values(after).filter((id): id is string => id !== null))];
  if (chosen.length > 0) {
    const found = await tx.$queryRaw<{ id: string; is_shard: boolean }[]>`
      SELECT id::text, shard_role_password_sealed IS NOT NULL AS is_shard FROM database_servers WHERE id = ANY(${chosen}::uuid[]) FOR SHARE`;
    if (found.length !== chosen.length)
      throw new UserFacingError('A database server you chose is no longer registered. Reload the page and choose another.', 422);
    const shards = new Set(found.filter((row) => row.is_shard).map((row) => row.id));
    const notShard = LAYERS.find((layer) => tiers[layer] === 'namespace' && after[layer] !== null && !shards.has(after[layer]!));
    if (notShard)
      throw new UserFacingError(
        `The server chosen for the ${notShard} layer hosts no namespace shard. Turn one on on the Database servers page, or choose the control plane server.`,
        422,
      );
  }
  return { before, after };
}
