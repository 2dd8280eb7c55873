import 'server-only';
import type { CheckOutcome, CheckResult, ControlResult } from './types';

/**
 * A check passes only when the attack was refused AND its positive control detected what the
 * harness must be able to see: an attack refused by a harness that sees nothing proves nothing.
 */
export function judgeOutcome(outcome: CheckOutcome): { result: CheckResult; controlResult: ControlResult } {
  if (outcome.notApplicable) return { result: 'not_applicable', controlResult: 'not_applicable' };
  const controlResult: ControlResult = outcome.control === null ? 'not_applicable' : outcome.control.isDetected ? 'pass' : 'fail';
  const result: CheckResult = outcome.isRefused && controlResult !== 'fail' ? 'pass' : 'fail';
  return { result, controlResult };
}

export function notApplicable(reason: string): CheckOutcome {
  return { observed: reason, isRefused: true, control: null, notApplicable: reason };
}

/** Runs `attempt`, expecting it to be refused; returns the error message, or null when it succeeded. */
export async function captureRefusal(attempt: () => Promise<unknown>): Promise<string | null> {
  const error = await captureError(attempt);
  if (error === null) return null;
  return error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : String(error);
}

/** Runs `attempt`; returns what it threw, or null when it succeeded. */
export async function captureError(attempt: () => Promise<unknown>): Promise<unknown> {
  try {
    await attempt();
    return null;
  } catch (error) {
    return error ?? new Error('refused');
  }
}
