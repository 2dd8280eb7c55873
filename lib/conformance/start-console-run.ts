import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';
import { findRuns } from './run-store';
import { startConformanceRun } from './run-suite';
import type { ProbeTenant } from './types';

/** A run still marked running after this long lost its process (a restart): another may start. */
const STALE_RUN_MS = 15 * 60 * 1000;

export class RunAlreadyUnderWayError extends UserFacingError {
  constructor() {
    super('A conformance run for this tenant is already under way; its progress is shown below.', 409);
  }
}

/**
 * Starts a run from the console and returns its id at once; the checks go on in this server process
 * while the page polls. One run per tenant at a time (two would plant and read each other's probes).
 */
export async function startConsoleRun(tenant: ProbeTenant, requestedBy: string): Promise<{ runId: string; done: Promise<unknown> }> {
  const [latest] = await findRuns(tenant.id, 1);
  if (latest?.status === 'running' && Date.now() - Date.parse(latest.startedAt) < STALE_RUN_MS) throw new RunAlreadyUnderWayError();
  const { run, done } = await startConformanceRun(tenant, { trigger: 'console', requestedBy });
  const settled = done.catch((error) => logEvent('error', 'console conformance run failed', { runId: run.id, tenantId: tenant.id, error }));
  return { runId: run.id, done: settled };
}
