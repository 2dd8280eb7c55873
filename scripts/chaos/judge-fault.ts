import type { ChaosFault } from './faults';
import type { Outcome } from './send-request';
import { successRate } from './steady-load';

/** What one fault did to the requests started while it lasted and until recovery. */
export interface FaultRow {
  name: string;
  affects: string;
  requests: number;
  answered: number;
  /** Affected requests that failed as allowed (the right status and a plain message, or a gone gateway). */
  failedAsAllowed: number;
  /** Failures that break a guarantee: a wrong status, a message a person cannot act on, a cut answer, an unaffected tenant failing. */
  wrongFailures: string[];
  unaffectedAnswered: number;
  unaffectedRequests: number;
  /** How long the fault lasted: from breaking to mending (a restart: the time the server was down). */
  faultSeconds: number;
  /**
   * Seconds from the fault clearing to the start of the last request that still failed (0: none did), once the
   * success rate was back at baseline; null when it did not come back within the bound.
   */
  recoverySeconds: number | null;
  /** How the allowed failures looked to clients: "503 gateway_unavailable: The gateway could not…" → count. */
  failureKinds: Record<string, number>;
  outcomes: Outcome[];
}

/** A message a person can act on: short, no stack trace, no SQL, no addresses or driver codes. */
const NOT_PLAIN =
  /\n\s+at |\b(?:Error|TypeError|Exception):|ECONN|EPIPE|SELECT |INSERT |UPDATE |relation "|duplicate key|postgres(?:ql)?:\/\/|127\.0\.0\.1|::1/;

const REFERENCE = /\b(?:req_)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi;

export function isPlainMessage(message: string): boolean {
  return message.trim().length > 0 && message.length <= 300 && !NOT_PLAIN.test(message);
}

export interface FaultTimes {
  from: number;
  clearedAt: number;
  /** Where the first window back at baseline began (measureRecovery); null when none did within the bound. */
  backAtBaselineFrom: number | null;
}

export function judgeFault(fault: ChaosFault, outcomes: Outcome[], times: FaultTimes): FaultRow {
  const wrongFailures: string[] = [];
  const failureKinds: Record<string, number> = {};
  let failedAsAllowed = 0;
  let lastFailureStart = times.clearedAt;
  for (const outcome of outcomes) {
    if (outcome.kind === 'answered') continue;
    if (outcome.startedAt >= times.clearedAt) lastFailureStart = Math.max(lastFailureStart, outcome.startedAt);
    const problem = describeProblem(fault, outcome);
    if (problem) {
      wrongFailures.push(`${outcome.tenant.slug} ${outcome.isStream ? 'stream' : 'plain'} via gateway ${outcome.gateway + 1}: ${problem}`);
      continue;
    }
    failedAsAllowed += 1;
    const kind = `${describeFailure(outcome)} [gateway ${outcome.gateway + 1}]`;
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
  }
  const unaffected = outcomes.filter((outcome) => !fault.isAffected(outcome));
  return {
    name: fault.name,
    affects: fault.affects,
    requests: outcomes.length,
    answered: outcomes.filter((outcome) => outcome.kind === 'answered').length,
    failedAsAllowed,
    wrongFailures,
    unaffectedAnswered: unaffected.filter((outcome) => outcome.kind === 'answered').length,
    unaffectedRequests: unaffected.length,
    faultSeconds: (times.clearedAt - times.from) / 1000,
    recoverySeconds: times.backAtBaselineFrom === null ? null : (lastFailureStart - times.clearedAt) / 1000,
    failureKinds,
    outcomes,
  };
}

/** How a failure looked to its client, with request references masked so that alike failures group. */
export function describeFailure(outcome: Outcome): string {
  if (outcome.kind !== 'failed') return outcome.kind;
  return `${outcome.status === 200 ? 'stream error' : outcome.status} ${outcome.error?.code ?? ''}: ${(outcome.error?.message ?? '').replace(REFERENCE, '<reference>')}`;
}

/** Failures grouped by describeFailure, with their counts. */
export function countFailureKinds(outcomes: readonly Outcome[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.kind === 'answered') continue;
    const kind = `${describeFailure(outcome)} [${outcome.tenant.slug}, gateway ${outcome.gateway + 1}]`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

function describeProblem(fault: ChaosFault, outcome: Outcome): string | null {
  const status = outcome.kind === 'failed' ? outcome.status : outcome.kind;
  if (!fault.isAffected(outcome)) return `an unaffected tenant's request failed (${status}${outcome.error ? `: ${outcome.error.message}` : ''})`;
  if (outcome.kind === 'timeout') return 'no answer at all within 30 s';
  if (outcome.kind === 'unreachable' || outcome.kind === 'cut') return fault.allowed.includes(outcome.kind) ? null : `no OpenAI-style error (${outcome.kind})`;
  // An error event ending a stream that had begun: the status was already 200, the event must carry a code.
  const isStreamError = outcome.status === 200;
  if (!isStreamError && !fault.allowed.includes(outcome.status as 502)) return `status ${outcome.status}: ${outcome.error?.message ?? ''}`;
  if (isStreamError && !outcome.error?.code) return 'a stream error event without a code';
  if (!outcome.error || !isPlainMessage(outcome.error.message)) return `not a plain message: ${JSON.stringify(outcome.error?.message ?? null)}`;
  return null;
}

/**
 * Waits until the success rate of requests started in a 1.5 s window after the fault cleared is back at
 * the baseline (less 5 points) and returns where that window starts, or null when that has not happened
 * within `boundSeconds`. Windows step by 250 ms and need at least 8 requests. A window is judged once every
 * request started in it has finished (`hasSettled`), or `slowestAnswerMs` after it closed at the latest.
 */
const WINDOW_MS = 1_500;

export async function measureRecovery(
  now: () => number,
  startedBetween: (from: number, to: number) => Outcome[],
  {
    clearedAt,
    baseline,
    boundSeconds,
    slowestAnswerMs,
    hasSettled,
  }: { clearedAt: number; baseline: number; boundSeconds: number; slowestAnswerMs: number; hasSettled: (time: number) => boolean },
): Promise<number | null> {
  const threshold = Math.min(baseline, 1) - 0.05;
  for (let offset = 0; offset <= boundSeconds * 1000; offset += 250) {
    const from = clearedAt + offset;
    const to = from + WINDOW_MS;
    // Requests started in the window have had time to finish (a hung upstream is given up after a timeout).
    while (now() < to || (!hasSettled(to) && now() < to + slowestAnswerMs)) await new Promise((resolve) => setTimeout(resolve, 50));
    const window = startedBetween(from, to);
    if (window.length >= 8 && successRate(window) >= threshold) return from;
  }
  return null;
}
