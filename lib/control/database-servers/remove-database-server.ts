import 'server-only';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { AuditActor } from '@/lib/audit/event';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';

/**
 * Removes a registered server nothing lives on or is headed for (a namespace shard with tenants included). The row is locked first, so a
 * placement recorded on it meanwhile waits and then fails on the foreign key rather than pointing at
 * nothing.
 * @throws NotFoundError; UserFacingError 409 naming what still uses it
 */
export async function removeDatabaseServer(principal: PlatformRequester, serverId: string, context: { actor: AuditActor; requestId: string }): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const [server] = await tx.$queryRaw<{ name: string; host: string; port: number }[]>`
      SELECT name, host, port FROM database_servers WHERE id = ${serverId}::uuid FOR UPDATE`;
    if (!server) throw new NotFoundError('That server is not registered.');
    const [placed, chosen, moving] = await Promise.all([
      tx.placement.findMany({ where: { serverId }, select: { tenantId: true, tier: true } }),
      tx.tenant.count({ where: { OR: [{ promptServerId: serverId }, { retrievalServerId: serverId }, { logsServerId: serverId }] } }),
      tx.placementOperation.count({ where: { status: 'running', OR: [{ serverId }, { sourceServerId: serverId }] } }),
    ]);
    // A namespace shard's tenants are named as such; other placements are counted one by one.
    const placements = placed.filter((placement) => placement.tier !== 'namespace').length;
    const shardTenants = [...new Set(placed.filter((placement) => placement.tier === 'namespace').map((placement) => placement.tenantId))];
    if (placed.length + chosen + moving > 0) {
      const uses = [
        placements ? `${placements} placement${placements === 1 ? '' : 's'}` : null,
        shardTenants.length ? `a namespace shard with ${shardTenants.length} tenant${shardTenants.length === 1 ? '' : 's'}` : null,
        chosen ? `${chosen} tenant${chosen === 1 ? '' : 's'} with a layer recorded on it` : null,
        moving ? `${moving} move${moving === 1 ? '' : 's'} in progress` : null,
      ].filter(Boolean);
      throw new UserFacingError(
        `"${server.name}" still holds ${uses.join(', ')}. Move those layers to another server (on each tenant's settings page) before removing it.`,
        409,
      );
    }
    await tx.databaseServer.delete({ where: { id: serverId } });
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      {
        actor: context.actor,
        action: 'tenant.update',
        target: `database_server:${serverId}`,
        requestId: context.requestId,
        outcome: 'success',
        payload: { before: { name: server.name, host: server.host, port: server.port }, after: null },
      },
    ]);
  });
}
