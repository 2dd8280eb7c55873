import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';
import { completeStep, recordStepFailure, type PlacementOperation } from './operation-ledger';

export type StepPayload = Record<string, string | number | boolean | null>;

export interface StepHooks {
  /** Called before each step runs; tests throw here to simulate a crash at that point. */
  beforeStep?: (step: string) => void | Promise<void>;
  /**
   * Called after a step's work committed and before the ledger records it: the one point where the
   * ledger and the databases disagree. The kill tests stop the process here (testing/kill-harness.ts).
   */
  afterStepEffect?: (step: string) => void | Promise<void>;
  onProgress?: (step: string, done: number, total: number) => void;
}

/**
 * Runs the operation's steps that are not done yet, in order, marking each done (and audited) after
 * its work committed. A failure is recorded with a message safe to show and rethrown; the operation
 * stays `running`, so the next call resumes at the failed step.
 */
export async function runPendingSteps(operation: PlacementOperation, run: (step: string) => Promise<StepPayload | void>, hooks: StepHooks = {}): Promise<void> {
  for (const step of operation.steps) {
    if (operation.completedSteps.includes(step)) continue;
    try {
      await hooks.beforeStep?.(step);
      const payload = await run(step);
      await hooks.afterStepEffect?.(step);
      await completeStep(operation, step, payload ?? {});
      hooks.onProgress?.(step, operation.completedSteps.length, operation.steps.length);
    } catch (error) {
      // A plain sentence and the operation's id, under which the server log holds the error.
      const sentence = error instanceof UserFacingError ? error.message : 'failed on an unexpected error.';
      const message = `${sentence} Reference: ${operation.id}`;
      logEvent('error', 'placement step failed', { operationId: operation.id, tenantId: operation.tenantId, layer: operation.layer, step, error });
      await recordStepFailure(operation, step, message).catch(() => {});
      throw error;
    }
  }
}
