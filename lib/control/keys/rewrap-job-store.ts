import 'server-only';
import type { AuditActor, AuditOutcome, JsonValue } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { presentStoredFailure, UserFacingError } from '@/lib/errors';
import type { KmsRewrapJob } from '@/lib/generated/prisma/client';
import { withTenant, type TenantTransaction } from '@/lib/tenancy/with-tenant';
import type { KeyOwner } from '@/lib/kms/key-owner';

/** A re-wrap job as callers see it (progress: done of total). */
export interface RewrapJob {
  id: string;
  tenantId: string;
  state: 'running' | 'succeeded' | 'failed';
  fromOwner: KeyOwner;
  toOwner: KeyOwner;
  sourceKeyId: string;
  total: number;
  done: number;
  cursorColumn: string | null;
  cursorId: string | null;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Who asked for a job and under which request, for its audit events. */
export interface RewrapRequester {
  actor: AuditActor;
  requestId: string;
}

/** Another job of the tenant is running: one at a time, so each row is moved by one job. */
export class RewrapJobRunningError extends UserFacingError {
  constructor() {
    super('A re-wrap job is already running for this tenant. Wait for it to finish, then try again.', 409);
    this.name = 'RewrapJobRunningError';
  }
}

function toRewrapJob(row: KmsRewrapJob): RewrapJob {
  const { requestedBy: _requestedBy, ...job } = row;
  const error = presentStoredFailure(row.error, { sentence: 'The re-wrap job stopped on an unexpected error; resume it to continue.', reference: row.id });
  return { ...job, error, fromOwner: row.fromOwner as KeyOwner, toOwner: row.toOwner as KeyOwner };
}

/** The tenant's job, or null (another tenant's job id reads as null: RLS). */
export async function getRewrapJob(tenantId: string, jobId: string): Promise<RewrapJob | null> {
  const row = await withTenant(tenantId, (tx) => tx.kmsRewrapJob.findFirst({ where: { id: jobId, tenantId } }));
  return row && toRewrapJob(row);
}

/** The tenant's newest job, or null if it never had one. */
export async function getLatestRewrapJob(tenantId: string): Promise<RewrapJob | null> {
  const row = await withTenant(tenantId, (tx) => tx.kmsRewrapJob.findFirst({ where: { tenantId }, orderBy: { startedAt: 'desc' } }));
  return row && toRewrapJob(row);
}

/**
 * Inserts a running job and its `kms.rewrap` start event in one transaction, under a per-tenant lock
 * so two requests cannot both start one.
 * @throws RewrapJobRunningError when the tenant already has a running job
 */
export async function insertRewrapJob(
  fields: { tenantId: string; fromOwner: KeyOwner; toOwner: KeyOwner; sourceKeyId: string; total: number },
  requester: RewrapRequester,
): Promise<RewrapJob> {
  return withTenant(fields.tenantId, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kms_rewrap_jobs'), hashtext(${fields.tenantId}))`;
    if (await tx.kmsRewrapJob.findFirst({ where: { tenantId: fields.tenantId, state: 'running' }, select: { id: true } })) {
      throw new RewrapJobRunningError();
    }
    const row = await tx.kmsRewrapJob.create({ data: { ...fields, requestedBy: requester.actor.id } });
    await appendJobEvent(tx, row, requester, 'success', {
      phase: 'started',
      total: row.total,
      from: row.fromOwner,
      to: row.toOwner,
      sourceKeyId: row.sourceKeyId,
    });
    return toRewrapJob(row);
  });
}

/** Marks a job finished (succeeded or failed, with a message safe to show) and records it. */
export async function finishRewrapJob(job: RewrapJob, requester: RewrapRequester, outcome: { error: string | null }): Promise<RewrapJob> {
  return withTenant(job.tenantId, async (tx) => {
    const row = await tx.kmsRewrapJob.update({
      where: { id: job.id },
      data: { state: outcome.error ? 'failed' : 'succeeded', error: outcome.error, updatedAt: new Date(), finishedAt: new Date() },
    });
    await appendJobEvent(tx, row, requester, outcome.error ? 'failure' : 'success', {
      phase: outcome.error ? 'failed' : 'finished',
      done: row.done,
      total: row.total,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    return toRewrapJob(row);
  });
}

/** Puts a failed or stalled job back to running before a resume. */
export async function reopenRewrapJob(job: RewrapJob): Promise<RewrapJob> {
  const row = await withTenant(job.tenantId, (tx) =>
    tx.kmsRewrapJob.update({ where: { id: job.id }, data: { state: 'running', error: null, finishedAt: null, updatedAt: new Date() } }),
  );
  return toRewrapJob(row);
}

function appendJobEvent(tx: TenantTransaction, row: KmsRewrapJob, requester: RewrapRequester, outcome: AuditOutcome, payload: Record<string, JsonValue>) {
  return appendAuditEvents(tx, row.tenantId, [
    { actor: requester.actor, action: 'kms.rewrap', target: row.id, requestId: requester.requestId, outcome, payload },
  ]);
}
