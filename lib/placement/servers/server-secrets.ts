import 'server-only';
import { decryptForTenant, encryptForTenant } from '@/lib/kms';

/**
 * A registered server's owner URL is sealed under the platform KMS key, bound to the server's id, so
 * a sealed value copied onto another server's row does not open. The scope's tenant id is the
 * platform's (no tenant owns a server), the same one shared model endpoints use.
 */
const PLATFORM_SCOPE = '00000000-0000-0000-0000-000000000000';

function getServerSecretScope(serverId: string) {
  return { tenantId: PLATFORM_SCOPE, purpose: 'secret' as const, recordId: `database_server:${serverId}`, keyOwner: 'platform' as const };
}

export function sealServerOwnerUrl(serverId: string, ownerUrl: string): Promise<string> {
  return encryptForTenant(getServerSecretScope(serverId), ownerUrl);
}

export async function openServerOwnerUrl(serverId: string, sealed: string): Promise<string> {
  return (await decryptForTenant(getServerSecretScope(serverId), sealed)).toString('utf8');
}

// The shard's application role password: another record of the same server, so neither sealed value
// opens as the other.
function getShardSecretScope(serverId: string) {
  return { ...getServerSecretScope(serverId), recordId: `database_server:${serverId}:shard_role` };
}

export function sealShardRolePassword(serverId: string, password: string): Promise<string> {
  return encryptForTenant(getShardSecretScope(serverId), password);
}

export async function openShardRolePassword(serverId: string, sealed: string): Promise<string> {
  return (await decryptForTenant(getShardSecretScope(serverId), sealed)).toString('utf8');
}
