import 'server-only';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { PlacementOperationError } from '../errors';
import type { Layer } from '../layers';
import { placementConfig } from '../placement-config';
import { openPlacementSecret } from '../placement-secrets';
import { openServerOwnerUrl } from './server-secrets';
import { applyTlsMode, type TlsMode } from './server-urls';

/**
 * The owner URL of a registered server (with its TLS mode), opened under the platform key. Only the
 * placement worker calls this: DDL, copies and drops on that server run as its owner.
 * @throws PlacementOperationError when the server is not registered (any more)
 */
export async function getServerOwnerUrl(serverId: string): Promise<string> {
  // Only a process given the control plane's owner URL (the worker, maintenance scripts) may open
  // another server's: the console, which is never given it, fails here before anything is decrypted.
  assertOwnerProcess();
  const server = await withPlatformSystemAccess('placement worker: server owner url', (tx) =>
    tx.databaseServer.findUnique({ where: { id: serverId }, select: { ownerUrlSealed: true, tlsMode: true } }),
  );
  if (!server) throw new PlacementOperationError('The database server this layer is placed on is not registered.');
  return applyTlsMode(await openServerOwnerUrl(serverId, server.ownerUrlSealed), server.tlsMode as TlsMode);
}

/** Where a copy lives, as far as its owner is concerned. */
export interface CopyServer {
  tenantId: string;
  layer: Layer;
  roleName: string | null;
  serverId: string | null;
  externalUrlSealed: string | null;
}

/**
 * The owner URL of the server a copy lives on: a registered server's, or the free URL a placement
 * made before servers were registered carries (owner-capable, sealed under the tenant key), or null
 * for the control plane's own server.
 */
export async function getCopyServerOwnerUrl(copy: CopyServer): Promise<string | null> {
  if (copy.serverId) return getServerOwnerUrl(copy.serverId);
  if (copy.externalUrlSealed && copy.roleName) return openPlacementSecret(copy.tenantId, copy.layer, copy.roleName, 'external_url', copy.externalUrlSealed);
  return null;
}

function assertOwnerProcess(): void {
  void placementConfig.ownerDatabaseUrl;
}
