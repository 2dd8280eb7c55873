import 'server-only';
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { AuditActor } from '@/lib/audit/event';
import { env } from '@/lib/env';
import { UserFacingError } from '@/lib/errors';
import { sealServerOwnerUrl } from '@/lib/placement/servers/server-secrets';
import { readServerAddress } from '@/lib/placement/servers/server-urls';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';
import { databaseServerInputSchema } from './database-server-input';

/**
 * Registers a database server: its owner URL sealed under the platform KMS key before the
 * transaction opens (no KMS call inside one), the row and its audit event (platform chain, no
 * credentials) in one transaction.
 * @throws ZodError on invalid input; UserFacingError 409 for a taken name, 422 for the control plane's own server
 */
export async function registerDatabaseServer(
  principal: PlatformRequester,
  rawInput: unknown,
  context: { actor: AuditActor; requestId: string },
): Promise<{ id: string; name: string }> {
  const input = databaseServerInputSchema.parse(rawInput);
  const address = readServerAddress(input.ownerUrl);
  if (await isSameServer(address, readServerAddress(env.appDatabaseUrl))) {
    // Placements on it would get the same database and role names as the ones already there.
    throw new UserFacingError("That is the control plane's own server: layers are placed there without registering it.", 422);
  }
  const id = randomUUID();
  const ownerUrlSealed = await sealServerOwnerUrl(id, input.ownerUrl);
  return withPlatformAccess(principal, async (tx) => {
    if (await tx.databaseServer.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw new UserFacingError(`A server named "${input.name}" is already registered. Choose another name.`, 409);
    }
    const created = await tx.databaseServer.create({
      data: { id, name: input.name, ...address, ownerUrlSealed, tlsMode: input.tlsMode, region: input.region, capacityNotes: input.capacityNotes },
      select: { id: true, name: true },
    });
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      {
        actor: context.actor,
        action: 'tenant.update',
        target: `database_server:${id}`,
        requestId: context.requestId,
        outcome: 'success',
        payload: { before: null, after: { name: input.name, ...address, tlsMode: input.tlsMode, region: input.region, capacityNotes: input.capacityNotes } },
      },
    ]);
    return created;
  });
}

/** Same port and a shared address once both names resolve ("localhost" and "127.0.0.1" are one server). */
async function isSameServer(a: { host: string; port: number }, b: { host: string; port: number }): Promise<boolean> {
  if (a.port !== b.port) return false;
  const resolve = async (host: string) => (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address).concat(host);
  const [left, right] = await Promise.all([resolve(a.host), resolve(b.host)]);
  return left.some((address) => right.includes(address));
}
