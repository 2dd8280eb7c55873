import 'server-only';
import { z } from 'zod';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { AuditActor } from '@/lib/audit/event';
import { withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';
import type { TenantTransaction } from '@/lib/tenancy/with-tenant';

/** The most any tenant may be allowed: what a tenant admin may save, and what the gateway applies whatever was saved. */
// A type rather than an interface: it goes into audit payloads, which take JSON-shaped objects.
export type PlatformGatewayLimits = {
  maxRequestsPerMinute: number;
  maxBurst: number;
};

/** A requests-per-minute figure a person typed: the tenant's limit or the platform's ceiling. */
export const requestsPerMinuteSchema = z.coerce
  .number()
  .int('Use a whole number of requests.')
  .min(1, 'Allow at least 1 request a minute.')
  .max(1_000_000, 'At most 1,000,000 requests a minute.');

/** A burst figure a person typed: the tenant's or the platform's ceiling. */
export const burstSchema = z.coerce
  .number()
  .int('Use a whole number of requests.')
  .min(1, 'Allow a burst of at least 1 request.')
  .max(100_000, 'At most 100,000 requests in a burst.');

/** The ceiling a platform admin sets. */
export const platformGatewayLimitsInputSchema = z.object({ maxRequestsPerMinute: requestsPerMinuteSchema, maxBurst: burstSchema }).strict();

/** The ceiling, read in the caller's transaction (the app role may read it under any tenant's context). */
export async function getPlatformGatewayLimits(tx: Pick<TenantTransaction, 'platformGatewayLimits'>): Promise<PlatformGatewayLimits> {
  const row = await tx.platformGatewayLimits.findUnique({ where: { id: true }, select: { maxRequestsPerMinute: true, maxBurst: true } });
  // The migration writes the row; without it, no tenant may be raised above the form's own bounds.
  return row ?? { maxRequestsPerMinute: 1_000_000, maxBurst: 100_000 };
}

/** The ceiling, for the platform admins' form. */
export function findPlatformGatewayLimits(principal: PlatformRequester): Promise<PlatformGatewayLimits> {
  return withPlatformAccess(principal, (tx) => getPlatformGatewayLimits(tx));
}

/**
 * Sets the ceiling, audited in the platform chain. Tenants whose saved limits are higher run at the
 * ceiling from their next settings load (within the gateway's tenant cache period).
 */
export async function updatePlatformGatewayLimits(
  principal: PlatformRequester,
  input: PlatformGatewayLimits,
  context: { actor: AuditActor; requestId: string },
): Promise<PlatformGatewayLimits> {
  return withPlatformAccess(principal, async (tx) => {
    const before = await getPlatformGatewayLimits(tx);
    const after = await tx.platformGatewayLimits.update({
      where: { id: true },
      data: { ...input, updatedAt: new Date() },
      select: { maxRequestsPerMinute: true, maxBurst: true },
    });
    await appendAuditEvents(tx, PLATFORM_CHAIN_ID, [
      {
        actor: context.actor,
        action: 'tenant.update',
        target: 'platform_gateway_limits',
        requestId: context.requestId,
        outcome: 'success',
        payload: { before, after },
      },
    ]);
    return after;
  });
}
