import type { ChaosTenant } from './chaos-tenants';
import type { GatewayFleet } from './gateway-fleet';
import { sendThroughFleet, type Outcome } from './send-request';

export interface IsolationRun {
  outcomes: Outcome[];
  seconds: number;
}

/**
 * `workers` clients sharing `total` plain requests, each client moving to the next tenant on every request,
 * so every gateway's pooled connections serve the tenants interleaved: what would carry one tenant's
 * context or rows into another's request if anything did.
 */
export async function runPooledIsolation(
  fleet: GatewayFleet,
  tenants: readonly ChaosTenant[],
  workers: number,
  total: number,
  runStartedAt: number,
): Promise<IsolationRun> {
  const outcomes: Outcome[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let round = 0; issued < total; round += 1) {
        issued += 1;
        outcomes.push(await sendThroughFleet(fleet, tenants[(worker + round) % tenants.length], false, runStartedAt));
      }
    }),
  );
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

/** Answers that lack their own tenant's row (the positive control that retrieval really returned rows). */
export function countAnswersWithoutOwnRow(outcomes: readonly Outcome[]): number {
  return outcomes.filter((outcome) => outcome.kind === 'answered' && !outcome.content.includes(outcome.tenant.rowMarker)).length;
}
