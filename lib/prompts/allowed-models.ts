import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { Tier } from '@/lib/placement/layers';

/** The local model simulator's default model: offered when no endpoint declares an allow-list. */
export const FALLBACK_MODEL = 'sim-small';

/**
 * The models a tenant's prompt configurations may name: the allow-lists of the enabled endpoints its
 * prompt tier routes to (its own endpoints at `dedicated`, the shared pool otherwise, the same rule as
 * the gateway's routing). Endpoints without an allow-list answer with the upstream's own list, which
 * is not fetched from the console; when no endpoint declares one, the simulator's model is offered.
 */
export async function findAllowedModels(tenantId: string, promptTier: Tier): Promise<string[]> {
  const rows = await withTenant(tenantId, (tx) =>
    tx.modelEndpoint.findMany({ where: { tenantId: promptTier === 'dedicated' ? tenantId : null, enabled: true }, select: { models: true } }),
  );
  const models = [...new Set(rows.flatMap((row) => row.models))].sort();
  return models.length > 0 ? models : [FALLBACK_MODEL];
}
