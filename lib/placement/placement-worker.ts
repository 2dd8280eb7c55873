import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { convergePlacements, type ConvergeOutcome } from './converge-placements';
import type { Layer } from './layers';
import { checkDatabaseServers } from './servers/check-database-servers';

export interface PlacementWorker {
  stop(): Promise<void>;
}

/**
 * Runs convergePlacements every `intervalMs` until stopped, so a tier saved in the console is carried
 * out within seconds. A layer whose move failed is left alone for `retryAfterMs` (its failed step is
 * on the tenant's settings page meanwhile), then resumed. Needs the owner role's URL
 * (BULKHEAD_OWNER_DATABASE_URL): run it beside the console, never inside it.
 */
export function startPlacementWorker(
  options: { intervalMs?: number; retryAfterMs?: number; onOutcome?: (outcome: ConvergeOutcome) => void } = {},
): PlacementWorker {
  const intervalMs = options.intervalMs ?? 5_000;
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const failedAt = new Map<string, number>();
  const key = (tenantId: string, layer: Layer) => `${tenantId}/${layer}`;
  const stopping = new AbortController();

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      // What the servers page shows of each registered server: reachable, sessions in use.
      await checkDatabaseServers().catch(() => {});
      await convergePlacements({
        shouldAttempt: (tenantId, layer) => Date.now() - (failedAt.get(key(tenantId, layer)) ?? 0) >= retryAfterMs,
        onOutcome: (outcome) => {
          if (outcome.error) failedAt.set(key(outcome.tenantId, outcome.layer), Date.now());
          else failedAt.delete(key(outcome.tenantId, outcome.layer));
          options.onOutcome?.(outcome);
        },
      }).catch(() => {
        // The control plane itself is unreachable: try again next round.
      });
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

/** One line per outcome, for the worker's log. */
export function describeConvergeOutcome(outcome: ConvergeOutcome): string {
  const move = `${outcome.layer} of ${outcome.tenantId}: ${outcome.fromTier} → ${outcome.toTier}`;
  return outcome.error ? `Placement: ${move} failed: ${outcome.error}` : `Placement: ${move}, ${outcome.rowsCopied ?? 0} rows moved.`;
}
