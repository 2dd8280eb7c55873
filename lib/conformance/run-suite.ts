import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { logEvent } from '@/lib/log/logger';
import { CONFORMANCE_CHECKS } from './checks';
import { judgeOutcome } from './outcome';
import { ensureProbeTenant } from './probe-tenant';
import { createRun, finishRun, saveCheckRecord, type ConformanceRunSummary, type RunStatus, type RunTrigger } from './run-store';
import type { CheckRecord, ConformanceCheck, ProbeContext, ProbeTenant } from './types';

export interface RunSuiteOptions {
  trigger: RunTrigger;
  /** A user id, or the component that asked (cli, scheduler). */
  requestedBy: string;
  /** Only these checks (tests); default every check. */
  checks?: readonly ConformanceCheck[];
  /** Called after each check is stored. */
  onRecord?: (record: CheckRecord) => void;
}

const PROBE_ACTOR: AuditActor = { type: 'system', id: 'conformance', label: 'isolation conformance probe' };

/**
 * Opens a run for the tenant and returns it at once with a promise of its outcome, so the console can
 * answer "started" and poll while the checks go on. Checks run one after another (each touches live
 * placements; running them in parallel would only make their probes harder to read in the logs).
 */
export async function startConformanceRun(target: ProbeTenant, options: RunSuiteOptions): Promise<{ run: ConformanceRunSummary; done: Promise<RunStatus> }> {
  const checks = options.checks ?? CONFORMANCE_CHECKS;
  const run = await createRun(target.id, { trigger: options.trigger, requestedBy: options.requestedBy, plannedChecks: checks.map((check) => check.id) });
  const done = performChecks(target, run.id, checks, options);
  return { run, done };
}

/** Runs the suite for the tenant to the end; resolves with the run's final status. */
export async function runConformanceSuite(target: ProbeTenant, options: RunSuiteOptions): Promise<{ run: ConformanceRunSummary; status: RunStatus }> {
  const { run, done } = await startConformanceRun(target, options);
  return { run, status: await done };
}

async function performChecks(target: ProbeTenant, runId: string, checks: readonly ConformanceCheck[], options: RunSuiteOptions): Promise<RunStatus> {
  let status: RunStatus = 'passed';
  try {
    const context = createProbeContext(target, await ensureProbeTenant(), runId);
    for (const check of checks) {
      const record = await performCheck(check, context);
      await saveCheckRecord(target.id, runId, record);
      options.onRecord?.(record);
      if (record.result === 'error' && status === 'passed') status = 'error';
      if (record.result === 'fail') status = 'failed';
    }
  } catch (error) {
    logEvent('error', 'conformance run failed', { runId, tenantId: target.id, error });
    status = 'error';
  }
  await finishRun(target.id, runId, status);
  await recordAuditEvent({
    tenantId: target.id,
    actor: PROBE_ACTOR,
    action: 'conformance.run',
    target: runId,
    requestId: runId,
    outcome: status === 'passed' ? 'success' : 'failure',
    payload: { status, trigger: options.trigger },
  });
  return status;
}

/** What every check of one run shares; probes are recorded in each touched tenant's chain under the run id. */
export function createProbeContext(target: ProbeTenant, other: ProbeTenant, runId: string): ProbeContext {
  return {
    target,
    other,
    runId,
    actor: PROBE_ACTOR,
    async recordProbe(checkId, touched, detail) {
      for (const tenantId of new Set(touched)) {
        const event = {
          tenantId,
          actor: PROBE_ACTOR,
          action: 'conformance.probe' as const,
          target: checkId,
          requestId: runId,
          outcome: 'success' as const,
          payload: { ...detail, tenantUnderTest: target.id },
        };
        try {
          await recordAuditEvent(event);
        } catch (error) {
          // The tenant under test and the probe tenant fail closed. A third tenant whose location was
          // attacked but whose chain cannot be written now (its log being moved) must not turn this
          // tenant's evidence into an error; the gap is logged for the platform team.
          if (tenantId === target.id || tenantId === other.id) throw error;
          logEvent('warn', "conformance probe not recorded in an attacked tenant's audit chain", { runId, checkId, tenantId, error });
        }
      }
    },
  };
}

/** One check, timed; a check that throws is an error (the protection was not shown), never a pass. */
export async function performCheck(check: ConformanceCheck, context: ProbeContext): Promise<CheckRecord> {
  const started = performance.now();
  const base = { checkId: check.id, layer: check.layer, attacked: check.attacked, expected: check.expected };
  try {
    const outcome = await check.run(context);
    const judged = judgeOutcome(outcome);
    return {
      ...base,
      observed: outcome.observed,
      controlObserved: outcome.control?.observed ?? outcome.notApplicable ?? 'no positive control applies',
      ...judged,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    logEvent('warn', 'conformance check could not be carried out', { checkId: check.id, tenantId: context.target.id, error });
    return {
      ...base,
      observed: `could not be carried out: ${error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error'}`,
      result: 'error',
      controlResult: 'not_applicable',
      controlObserved: 'not reached',
      durationMs: Math.round(performance.now() - started),
    };
  }
}
