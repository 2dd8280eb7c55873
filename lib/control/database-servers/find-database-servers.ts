import 'server-only';
import { env } from '@/lib/env';
import type { Layer, Tier } from '@/lib/policy';
import { isPostgresAnswering } from '@/lib/placement/servers/probe-server-address';
import { readServerAddress } from '@/lib/placement/servers/server-urls';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';

/** One tenant layer living on a server. */
export interface ServerPlacementView {
  tenantSlug: string;
  tenantName: string;
  layer: Layer;
  tier: Tier;
  state: string;
}

/** A server as the servers page shows it: never its owner URL. */
export interface DatabaseServerView {
  /** null: the control plane's own server (not registered; everything not placed elsewhere lives there). */
  id: string | null;
  name: string;
  host: string;
  port: number;
  tlsMode: string;
  region: string;
  capacityNotes: string;
  /** Answered the console's connection just now (no credentials: PostgreSQL's SSL handshake byte). */
  isAnswering: boolean;
  /** The placement worker's last look as the server's owner, when it made one. */
  lastCheck: { checkedAt: string; isReachable: boolean; connectionsInUse: number | null; maxConnections: number | null } | null;
  placements: ServerPlacementView[];
  /**
   * The namespace shard it hosts (the shared data-plane tables for a group of namespace tenants), with
   * the tenants on it; null: no shard. Always null for the control plane's own server, whose shared
   * tables are the default for every tenant (sharedTierTenants counts those without a placement row).
   */
  namespaceShard: { tenants: { slug: string; name: string; layers: Layer[] }[] } | null;
  /** Connections each serving process may open to it: one pool per placement reached by its own role. */
  poolConnectionsPerProcess: number;
}

export interface DatabaseServersOverview {
  servers: DatabaseServerView[];
  /** Tenants with no placement row: their layers are in the shared tables of the control plane's server. */
  sharedTierTenants: number;
}

/** Every registered server with its placements, connection use and whether it answers now (platform admins). */
export async function findDatabaseServers(principal: PlatformRequester): Promise<DatabaseServersOverview> {
  const { rows, placements, sharedTierTenants, ownUse } = await withPlatformAccess(principal, async (tx) => ({
    rows: (await tx.databaseServer.findMany({ orderBy: { name: 'asc' }, omit: { ownerUrlSealed: true } })).map(({ shardRolePasswordSealed, ...row }) => ({
      ...row,
      isShard: shardRolePasswordSealed !== null,
    })),
    placements: await tx.placement.findMany({
      select: { serverId: true, layer: true, tier: true, state: true, roleName: true, tenant: { select: { slug: true, name: true } } },
      orderBy: [{ tenant: { slug: 'asc' } }, { layer: 'asc' }],
    }),
    sharedTierTenants: await tx.tenant.count({ where: { placements: { none: {} } } }),
    // Sessions on the control plane's own server, from pg_stat_database, which any role may read.
    ownUse: (
      await tx.$queryRaw<{ used: number; max: number }[]>`
        SELECT (SELECT sum(numbackends)::int FROM pg_stat_database) AS used, current_setting('max_connections')::int AS max`
    )[0],
  }));
  const own = readServerAddress(env.appDatabaseUrl);
  const entries = [
    {
      id: null,
      name: 'Control plane server',
      ...own,
      tlsMode: new URL(env.appDatabaseUrl).searchParams.get('sslmode') ?? 'disable',
      region: '',
      capacityNotes: '',
      isShard: false,
      lastCheck: { checkedAt: new Date().toISOString(), isReachable: true, connectionsInUse: ownUse.used, maxConnections: ownUse.max },
    },
    ...rows.map((row) => ({
      id: row.id,
      name: row.name,
      host: row.host,
      port: row.port,
      tlsMode: row.tlsMode,
      region: row.region,
      capacityNotes: row.capacityNotes,
      isShard: row.isShard,
      lastCheck: row.checkedAt
        ? {
            checkedAt: row.checkedAt.toISOString(),
            isReachable: row.isReachable ?? false,
            connectionsInUse: row.connectionsInUse,
            maxConnections: row.maxConnections,
          }
        : null,
    })),
  ];
  const servers = await Promise.all(
    entries.map(async ({ isShard, ...entry }) => {
      const here = placements.filter((placement) => placement.serverId === entry.id);
      return {
        ...entry,
        namespaceShard: isShard ? { tenants: groupShardTenants(here.filter((placement) => placement.tier === 'namespace')) } : null,
        isAnswering: await isPostgresAnswering(entry.host, entry.port),
        placements: here.map((placement) => ({
          tenantSlug: placement.tenant.slug,
          tenantName: placement.tenant.name,
          layer: placement.layer,
          tier: placement.tier,
          state: placement.state,
        })),
        // schema_kms placements on the control plane's server share one pool, and so do the tenants of
        // a namespace shard (connection-target.ts).
        poolConnectionsPerProcess:
          here.filter((placement) => placement.roleName && placement.tier !== 'namespace' && (entry.id !== null || placement.tier === 'dedicated')).length *
            env.placementPoolSize +
          (here.some((placement) => placement.tier === 'namespace') ? env.databasePoolSize : 0),
      };
    }),
  );
  return { servers, sharedTierTenants };
}

/** One tenant per entry, with its layers on the shard, in the placements' order (by slug). */
function groupShardTenants(placements: { layer: Layer; tenant: { slug: string; name: string } }[]) {
  const tenants = new Map<string, { slug: string; name: string; layers: Layer[] }>();
  for (const placement of placements) {
    const entry = tenants.get(placement.tenant.slug) ?? { ...placement.tenant, layers: [] };
    entry.layers.push(placement.layer);
    tenants.set(placement.tenant.slug, entry);
  }
  return [...tenants.values()];
}

/** A registered server as the tier form offers it. */
export interface ServerChoice {
  id: string;
  name: string;
  region: string;
  /** It hosts a namespace shard: namespace prompt and retrieval layers may be placed there too. */
  hostsShard: boolean;
}

/** Registered servers a layer may be placed on, for the tier form (platform admins). */
export async function findServerChoices(principal: PlatformRequester): Promise<ServerChoice[]> {
  const rows = await withPlatformAccess(principal, (tx) =>
    tx.databaseServer.findMany({ select: { id: true, name: true, region: true, shardRolePasswordSealed: true }, orderBy: { name: 'asc' } }),
  );
  return rows.map(({ shardRolePasswordSealed, ...row }) => ({ ...row, hostsShard: shardRolePasswordSealed !== null }));
}
