import 'server-only';
import { z } from 'zod';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import type { AuditActor } from '@/lib/audit/event';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { ScreeningPolicy } from '@/lib/screening/decide';
import { UserFacingError } from '@/lib/errors';
import { announceGatewayConfigChange } from './gateway-config-changes';
import { burstSchema, getPlatformGatewayLimits, requestsPerMinuteSchema } from './platform-gateway-limits';

/** The gateway policy a tenant runs under, as the gateway reads it. */
export interface GatewaySettings {
  requestsPerMinute: number;
  burst: number;
  screening: ScreeningPolicy;
  /** Whether prompt and answer text may be kept in the audit event (otherwise only their hashes). */
  storePayloads: boolean;
  /** Whether `store: true` may reach a shared endpoint (provider-side storage in an account tenants share). */
  allowProviderStore: boolean;
}

/** A tenant with no saved gateway settings runs under these. */
export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  requestsPerMinute: 600,
  burst: 60,
  screening: { mode: 'block' },
  storePayloads: false,
  allowProviderStore: false,
};

/** The gateway policy a tenant admin sets: rate limit, what input screening does, whether texts are logged, whether a shared provider may store completions. */
export const gatewaySettingsInputSchema = z
  .object({
    requestsPerMinute: requestsPerMinuteSchema,
    burst: burstSchema,
    screeningMode: z.enum(['block', 'flag'], { message: 'Choose block or flag.' }),
    storePayloads: z.boolean(),
    allowProviderStore: z.boolean().default(false),
  })
  .strict();

export type GatewaySettingsInput = z.infer<typeof gatewaySettingsInputSchema>;

export async function findGatewaySettings(tenantId: string): Promise<GatewaySettingsInput> {
  const row = await withTenant(tenantId, (tx) => tx.gatewaySettings.findUnique({ where: { tenantId }, select: settingsSelect }));
  if (row) return toInput(row);
  const { requestsPerMinute, burst, screening, storePayloads, allowProviderStore } = DEFAULT_GATEWAY_SETTINGS;
  return { requestsPerMinute, burst, screeningMode: screening.mode, storePayloads, allowProviderStore };
}

/**
 * Saves the tenant's gateway policy with its before/after audit event in the same transaction, and
 * drops this process's cached copy so the next request runs under it (other processes within
 * TENANT_CONFIG_TTL_MS). Nothing above the platform's ceiling is saved.
 * @throws UserFacingError 422 naming the ceiling when the input exceeds it
 */
export async function updateGatewaySettings(
  tenantId: string,
  input: GatewaySettingsInput,
  context: { actor: AuditActor; requestId: string },
): Promise<GatewaySettingsInput> {
  const saved = await withTenant(tenantId, async (tx) => {
    const ceiling = await getPlatformGatewayLimits(tx);
    if (input.requestsPerMinute > ceiling.maxRequestsPerMinute) {
      throw new UserFacingError(
        `The platform allows at most ${ceiling.maxRequestsPerMinute.toLocaleString('en-US')} requests a minute per tenant; ask a platform admin to raise it.`,
        422,
      );
    }
    if (input.burst > ceiling.maxBurst) {
      throw new UserFacingError(
        `The platform allows a burst of at most ${ceiling.maxBurst.toLocaleString('en-US')} requests per tenant; ask a platform admin to raise it.`,
        422,
      );
    }
    const before = await tx.gatewaySettings.findUnique({ where: { tenantId }, select: settingsSelect });
    const after = await tx.gatewaySettings.upsert({
      where: { tenantId },
      create: { tenantId, ...input },
      update: { ...input, updatedAt: new Date() },
      select: settingsSelect,
    });
    await appendAuditEvents(tx, tenantId, [
      {
        actor: context.actor,
        action: 'tenant.update',
        target: 'gateway_settings',
        requestId: context.requestId,
        outcome: 'success',
        payload: { before: before ? toInput(before) : null, after: toInput(after) },
      },
    ]);
    return after;
  });
  announceGatewayConfigChange({ kind: 'tenant', tenantId });
  return toInput(saved);
}

const settingsSelect = { requestsPerMinute: true, burst: true, screeningMode: true, storePayloads: true, allowProviderStore: true } as const;

function toInput(row: {
  requestsPerMinute: number;
  burst: number;
  screeningMode: string;
  storePayloads: boolean;
  allowProviderStore: boolean;
}): GatewaySettingsInput {
  return {
    requestsPerMinute: row.requestsPerMinute,
    burst: row.burst,
    screeningMode: row.screeningMode === 'flag' ? 'flag' : 'block',
    storePayloads: row.storePayloads,
    allowProviderStore: row.allowProviderStore,
  };
}
