import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { LAYERS, type Layer, type LayerTiers } from '@/lib/policy';
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

/**
 * The servers a tier change records, in its transaction: only a dedicated layer lives on a registered
 * server (a schema_kms copy is reached through the control plane server's shared pool, a namespace
 * copy is its shared tables). A layer the request says nothing about keeps its server while it stays
 * dedicated. Each chosen server is locked, so it cannot be removed before this commits.
 * @throws UserFacingError 422 when a chosen server is not registered (any more)
 */
export async function planLayerServers(
  tx: PlatformTransaction,
  tenantId: string,
  tiers: LayerTiers,
  requested: Partial<LayerServers> | undefined,
): Promise<{ before: LayerServers; after: LayerServers }> {
  const before = await readLayerServers(tx, tenantId);
  const after = Object.fromEntries(
    LAYERS.map((layer) => [layer, tiers[layer] !== 'dedicated' ? null : requested && layer in requested ? (requested[layer] ?? null) : before[layer]]),
  ) as LayerServers;
  const chosen = [...new Set(Object.values(after).filter((id): id is string => id !== null))];
  if (chosen.length > 0) {
    const found = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM database_servers WHERE id = ANY(${chosen}::uuid[]) FOR SHARE`;
    if (found.length !== chosen.length)
      throw new UserFacingError('A database server you chose is no longer registered. Reload the page and choose another.', 422);
  }
  return { before, after };
}
