import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { CheckRecord, CheckResult, ConformanceLayer, ControlResult } from './types';

export type RunStatus = 'running' | 'passed' | 'failed' | 'error';
export type RunTrigger = 'console' | 'cli' | 'schedule';

export interface ConformanceRunSummary {
  id: string;
  tenantId: string;
  status: RunStatus;
  trigger: RunTrigger;
  requestedBy: string;
  plannedChecks: string[];
  startedAt: string;
  finishedAt: string | null;
}

export interface ConformanceRunDetail extends ConformanceRunSummary {
  results: CheckRecord[];
}

/** Opens a run in the tenant's own context, listing the checks it will perform (progress counts against them). */
export async function createRun(
  tenantId: string,
  input: { trigger: RunTrigger; requestedBy: string; plannedChecks: string[] },
): Promise<ConformanceRunSummary> {
  const row = await withTenant(tenantId, (tx) => tx.conformanceRun.create({ data: { tenantId, ...input } }));
  return toSummary(row);
}

export async function saveCheckRecord(tenantId: string, runId: string, record: CheckRecord): Promise<void> {
  await withTenant(tenantId, (tx) => tx.conformanceCheckResult.create({ data: { runId, tenantId, ...record } }));
}

export async function finishRun(tenantId: string, runId: string, status: Exclude<RunStatus, 'running'>): Promise<void> {
  await withTenant(tenantId, (tx) => tx.conformanceRun.update({ where: { id: runId }, data: { status, finishedAt: new Date() } }));
}

/** The tenant's runs, newest first. */
export async function findRuns(tenantId: string, limit = 20): Promise<ConformanceRunSummary[]> {
  const rows = await withTenant(tenantId, (tx) => tx.conformanceRun.findMany({ where: { tenantId }, orderBy: { startedAt: 'desc' }, take: limit }));
  return rows.map(toSummary);
}

/** One run of the tenant with its results so far, or null (another tenant's run id finds nothing). */
export async function getRun(tenantId: string, runId: string): Promise<ConformanceRunDetail | null> {
  const row = await withTenant(tenantId, (tx) =>
    tx.conformanceRun.findFirst({ where: { id: runId, tenantId }, include: { results: { orderBy: { finishedAt: 'asc' } } } }),
  );
  if (!row) return null;
  return { ...toSummary(row), results: row.results.map(toRecord) };
}

/** The newest finished run of the tenant with its results, or null. */
export async function getLatestFinishedRun(tenantId: string): Promise<ConformanceRunDetail | null> {
  const latest = await withTenant(tenantId, (tx) =>
    tx.conformanceRun.findFirst({ where: { tenantId, finishedAt: { not: null } }, orderBy: { startedAt: 'desc' }, select: { id: true } }),
  );
  return latest ? getRun(tenantId, latest.id) : null;
}

function toSummary(row: {
  id: string;
  tenantId: string;
  status: string;
  trigger: string;
  requestedBy: string;
  plannedChecks: string[];
  startedAt: Date;
  finishedAt: Date | null;
}): ConformanceRunSummary {
  return {
    id: row.id,
    tenantId: row.tenantId,
    status: row.status as RunStatus,
    trigger: row.trigger as RunTrigger,
    requestedBy: row.requestedBy,
    plannedChecks: row.plannedChecks,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function toRecord(row: {
  checkId: string;
  layer: string;
  attacked: string;
  expected: string;
  observed: string;
  result: string;
  controlResult: string;
  controlObserved: string;
  durationMs: number;
}): CheckRecord {
  return {
    checkId: row.checkId,
    layer: row.layer as ConformanceLayer,
    attacked: row.attacked,
    expected: row.expected,
    observed: row.observed,
    result: row.result as CheckResult,
    controlResult: row.controlResult as ControlResult,
    controlObserved: row.controlObserved,
    durationMs: row.durationMs,
  };
}
