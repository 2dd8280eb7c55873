import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { getPlacement } from './get-placement';
import { LAYERS, type Layer, type Tier } from './layers';
import { getRunningOperation } from './operation-ledger';
import { migrateLayer } from './migrate-layer';

export interface ConvergeOutcome {
  tenantId: string;
  layer: Layer;
  fromTier: Tier;
  toTier: Tier;
  rowsCopied?: number;
  error?: string;
}

const tierColumn = { prompt: 'promptTier', retrieval: 'retrievalTier', logs: 'logsTier' } as const;
const serverColumn = { prompt: 'promptServerId', retrieval: 'retrievalServerId', logs: 'logsServerId' } as const;

/**
 * Carries out the tiers recorded in the control plane: for every active tenant and layer whose
 * placement is not at its recorded tier or on its recorded database server (a tier or server change
 * saved in the console, a new tenant whose policy minimum is above namespace), runs migrateLayer, which provisions the target, copies,
 * verifies, switches and drops the old copy, or resumes a migration a crash interrupted. The
 * console only records the tier: moving data needs the owner role, which the web server never holds,
 * so this runs in the worker (scripts/placement-worker.ts, started by `npm run demo`). One layer at a
 * time; a failure is reported for its layer (and stays visible as a failed operation) and the rest go on.
 * @param options.drainMs passed to migrateLayer: 0 when nothing else is running yet (before the console starts)
 * @param options.shouldAttempt lets the worker back off from a layer whose last attempt failed
 */
export async function convergePlacements(
  options: { drainMs?: number; onOutcome?: (outcome: ConvergeOutcome) => void; shouldAttempt?: (tenantId: string, layer: Layer) => boolean } = {},
): Promise<ConvergeOutcome[]> {
  const tenants = await withPlatformSystemAccess('placement worker: recorded tiers', (tx) =>
    tx.tenant.findMany({
      where: { status: 'active' },
      select: {
        id: true,
        promptTier: true,
        retrievalTier: true,
        logsTier: true,
        promptServerId: true,
        retrievalServerId: true,
        logsServerId: true,
      },
      orderBy: { createdAt: 'asc' },
    }),
  );
  const outcomes: ConvergeOutcome[] = [];
  for (const tenant of tenants) {
    for (const layer of LAYERS) {
      const toTier = tenant[tierColumn[layer]] as Tier;
      // A server is recorded only with the dedicated tier, or a namespace shard for prompt and
      // retrieval (change-tenant-tiers); anything else lives here.
      const serverId = toTier === 'schema_kms' ? null : tenant[serverColumn[layer]];
      const current = await getPlacement(tenant.id, layer);
      if (current.tier === toTier && current.serverId === serverId && !(await getRunningOperation(tenant.id, layer))) continue;
      if (options.shouldAttempt && !options.shouldAttempt(tenant.id, layer)) continue;
      const outcome: ConvergeOutcome = { tenantId: tenant.id, layer, fromTier: current.tier, toTier };
      try {
        outcome.rowsCopied = (await migrateLayer(tenant.id, layer, toTier, { drainMs: options.drainMs, serverId })).rowsCopied;
      } catch (error) {
        outcome.error = error instanceof Error ? error.message : String(error);
        logEvent('error', 'placement move failed', { tenantId: tenant.id, layer, toTier, error });
      }
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  }
  return outcomes;
}
