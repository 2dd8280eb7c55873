import 'server-only';
import type { AuditActor } from '@/lib/audit/event';

/** The layers a questionnaire asks about, as the conformance suite names them. */
export const CONFORMANCE_LAYERS = ['database', 'keys', 'context_cache', 'retrieval', 'logs'] as const;
export type ConformanceLayer = (typeof CONFORMANCE_LAYERS)[number];

export type CheckResult = 'pass' | 'fail' | 'error' | 'not_applicable';
export type ControlResult = 'pass' | 'fail' | 'not_applicable';

export interface ProbeTenant {
  id: string;
  slug: string;
  name: string;
}

/** What a check hands back: the attack's outcome and its positive control's. */
export interface CheckOutcome {
  observed: string;
  /** Whether the attack was refused as expected. */
  isRefused: boolean;
  control: { observed: string; isDetected: boolean } | null;
  /** Why the check does not apply to this tenant (e.g. no other schema_kms tenant to reach). */
  notApplicable?: string;
}

/** One named attack with its positive control, run against a target tenant's live placements. */
export interface ConformanceCheck {
  id: string;
  layer: ConformanceLayer;
  attacked: string;
  expected: string;
  run(context: ProbeContext): Promise<CheckOutcome>;
}

/**
 * Everything a check may use: the tenant under test, the probe tenant playing the other side, the
 * run id (the request id of every probe event) and the actor probes are recorded under.
 */
export interface ProbeContext {
  target: ProbeTenant;
  other: ProbeTenant;
  runId: string;
  actor: AuditActor;
  /** Records a probe in the audit chain of each tenant it touched. */
  recordProbe(checkId: string, touched: readonly string[], detail: Record<string, string | number | boolean>): Promise<void>;
}

/** One stored result, as the CLI prints it and the console shows it. */
export interface CheckRecord {
  checkId: string;
  layer: ConformanceLayer;
  attacked: string;
  expected: string;
  observed: string;
  result: CheckResult;
  controlResult: ControlResult;
  controlObserved: string;
  durationMs: number;
}
