import 'server-only';
import { randomBytes } from 'node:crypto';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { AuditActor } from '@/lib/audit/event';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { sealShardRolePassword } from '@/lib/placement/servers/server-secrets';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';

/**
 * Turns a registered server's namespace shard on or off. On: a password for the shard's application
 * role is generated and sealed under the platform key (before the transaction: no KMS call inside
 * one); the placement worker builds the shard (database, role, shared tables, grants) with the first
 * move onto it. Off: only while no tenant's layer is on it or recorded for it. Idempotent; audited in
 * the platform chain (without the password).
 * @throws NotFoundError; UserFacingError 409 when turning off a shard that still has tenants
 */
export async function setNamespaceShard(
  principal: PlatformRequester,
  input: { serverId: string; isHosting: boolean },
  context: { actor: AuditActor; requestId: string },
): Promise<{ serverId: string; isHosting: boolean }> {
  const sealed = input.isHosting ? await sealShardRolePassword(input.serverId, randomBytes(24).toString('base64url')) : null;
  return withPlatformAccess(principal, async (tx) => {
    const [server] = await tx.$queryRaw<{ name: string; is_shard: boolean }[]>`
      SELECT name, shard_role_password_sealed IS NOT NULL AS is_shard FROM database_servers WHERE id = ${input.serverId}::uuid FOR UPDATE`;
    if (!server) throw new NotFoundError('That server is not registered.');
    // Turning it on again keeps the password the shard's role already has.
    if (server.is_shard === input.isHosting) return input;
    if (!input.isHosting) {
      const [placed, moving, recorded] = await Promise.all([
        tx.placement.count({ where: { serverId: input.serverId, tier: 'namespace' } }),
        tx.placementOperation.count({ where: { status: 'running', OR: [{ serverId: input.serverId }, { sourceServerId: input.serverId }] } }),
        tx.tenant.count({
          where: {
            OR: [
              { promptServerId: input.serverId, promptTier: 'namespace' },
              { retrievalServerId: input.serverId, retrievalTier: 'namespace' },
            ],
          },
        }),
      ]);
      if (placed + moving + recorded > 0) {
        throw new UserFacingError(
          `The namespace shard on "${server.name}" still has tenants. Move their layers back to the control plane server (on each tenant's settings page) first.`,
          409,
        );
      }
    }
    await tx.databaseServer.update({ where: { id: input.serverId }, data: { shardRolePasswordSealed: sealed } });
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      {
        actor: context.actor,
        action: 'tenant.update',
        target: `database_server:${input.serverId}`,
        requestId: context.requestId,
        outcome: 'success',
        payload: { before: { namespaceShard: server.is_shard }, after: { namespaceShard: input.isHosting } },
      },
    ]);
    return input;
  });
}
