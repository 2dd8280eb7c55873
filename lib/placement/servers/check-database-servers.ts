import 'server-only';
import pg from 'pg';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { getServerOwnerUrl } from './get-server-owner-url';

/**
 * The placement worker's look at every registered server, as its owner: does it answer, how many
 * sessions it holds against its max_connections. Written on the server's row for the console, which
 * holds no owner credentials. A failure is stored as a plain sentence (the error itself stays here).
 */
export async function checkDatabaseServers(options: { timeoutMs?: number } = {}): Promise<void> {
  const servers = await withPlatformSystemAccess('placement worker: servers to check', (tx) => tx.databaseServer.findMany({ select: { id: true } }));
  for (const { id } of servers) {
    const result = await measureServer(id, options.timeoutMs ?? 3_000).catch(() => null);
    await withPlatformSystemAccess('placement worker: server check', (tx) =>
      tx.databaseServer.update({
        where: { id },
        data: result
          ? { checkedAt: new Date(), isReachable: true, checkError: null, ...result }
          : { checkedAt: new Date(), isReachable: false, checkError: 'The server did not accept the owner connection.' },
      }),
    ).catch(() => {
      // Removed meanwhile, or the control plane is away: the next round tries again.
    });
  }
}

async function measureServer(serverId: string, timeoutMs: number): Promise<{ connectionsInUse: number; maxConnections: number }> {
  const client = new pg.Client({
    connectionString: await getServerOwnerUrl(serverId),
    connectionTimeoutMillis: timeoutMs,
    application_name: 'bulkhead server check',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ used: number; max: number }>(
      "SELECT (SELECT sum(numbackends)::int FROM pg_stat_database) AS used, current_setting('max_connections')::int AS max",
    );
    return { connectionsInUse: rows[0].used, maxConnections: rows[0].max };
  } finally {
    await client.end().catch(() => {});
  }
}
