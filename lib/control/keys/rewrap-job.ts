import 'server-only';
import { randomUUID } from 'node:crypto';
import { logEvent } from '@/lib/log/logger';
import { countCiphertextsByKey, findEncryptedColumns, getColumnSql, withColumnAccess, type RegisteredColumn } from '@/lib/kms/encrypted-columns';
import { KmsError, KmsKeyNotFoundError } from '@/lib/kms/errors';
import { normalizeTenantId, type KeyOwner } from '@/lib/kms/key-owner';
import { ensurePlatformKey, ensureTenantKey, getTenantKey } from '@/lib/kms/key-provider';
import { rewrapCiphertext, type RewrapMemo } from '@/lib/kms/rewrap';
import { finishRewrapJob, getRewrapJob, insertRewrapJob, reopenRewrapJob, type RewrapJob, type RewrapRequester } from './rewrap-job-store';

export { getLatestRewrapJob, getRewrapJob, RewrapJobRunningError, type RewrapJob, type RewrapRequester } from './rewrap-job-store';

export interface RunRewrapOptions {
  /** Rows per batch: one read, the KMS calls, then one transaction writing the rows and the cursor. */
  batchSize?: number;
  /** Called after each committed batch with the job's progress (progress reporting, tests). */
  afterBatch?: (job: RewrapJob) => void | Promise<void>;
}

/** Another runner moved the job's cursor first: this one stops without writing. */
export class RewrapJobConflictError extends Error {
  constructor() {
    super('Another runner is processing this re-wrap job.');
    this.name = 'RewrapJobConflictError';
  }
}

/**
 * Creates a re-wrap job for a tenant: every registered column's ciphertexts that name the source
 * key (the `from` owner's key) will be moved onto the `to` owner's key, its current material. After
 * a rotation use the defaults (tenant → tenant); after a tier change, from/to the platform key.
 * Counts the work up front (progress is done of total) and does not run it: call runRewrapJob.
 * @throws KmsKeyNotFoundError when the tenant has no key to move from; RewrapJobRunningError; KmsError
 */
export async function startRewrapJob(
  tenantId: string,
  requester: RewrapRequester,
  { from = 'tenant', to = from }: { from?: KeyOwner; to?: KeyOwner } = {},
): Promise<RewrapJob> {
  const id = normalizeTenantId(tenantId);
  const source = from === 'tenant' ? await getTenantKey(id) : await ensurePlatformKey();
  if (!source) throw new KmsKeyNotFoundError();
  if (to !== from) await (to === 'tenant' ? ensureTenantKey(id) : ensurePlatformKey());
  let total = 0;
  for (const column of findEncryptedColumns()) total += (await countCiphertextsByKey(column, id))[source.keyId] ?? 0;
  return insertRewrapJob({ tenantId: id, fromOwner: from, toOwner: to, sourceKeyId: source.keyId, total }, requester);
}

/**
 * Runs a job to the end, or resumes one that failed or whose runner died: it continues from the
 * cursor committed with the last batch, so no row is skipped and finished rows are not redone.
 * KMS calls happen between transactions, never inside one; rows sharing a data key cost one
 * ReEncrypt (memo per run). A row changed by someone else meanwhile is left alone (its new value
 * was written under the current key). On failure the job is marked failed with a message safe to
 * show, a `kms.rewrap` failure event is recorded, and the error is rethrown.
 */
export async function runRewrapJob(tenantId: string, jobId: string, requester: RewrapRequester, options: RunRewrapOptions = {}): Promise<RewrapJob> {
  let job = await getRewrapJob(normalizeTenantId(tenantId), jobId);
  if (!job) throw new KmsKeyNotFoundError();
  if (job.state === 'succeeded') return job;
  if (job.state === 'failed') job = await reopenRewrapJob(job);
  const memo: RewrapMemo = new Map();
  try {
    const columns = findEncryptedColumns();
    const startIndex = job.cursorColumn ? columns.findIndex((column) => column.name === job!.cursorColumn) : 0;
    if (startIndex < 0) throw new Error(`Re-wrap job ${job.id} stopped in ${job.cursorColumn}, which is no longer registered`);
    for (const column of columns.slice(startIndex)) {
      let lastId = column.name === job.cursorColumn ? job.cursorId : null;
      for (;;) {
        const batch = await processBatch(job, column, lastId, memo, options.batchSize ?? 200);
        if (!batch) break;
        job = batch.job;
        lastId = batch.lastId;
        await options.afterBatch?.(job);
      }
    }
    return await finishRewrapJob(job, requester, { error: null });
  } catch (error) {
    if (error instanceof RewrapJobConflictError) throw error;
    const message = describeFailure(job, error);
    await finishRewrapJob(job, requester, { error: message }).catch(() => {});
    throw error;
  }
}

async function processBatch(job: RewrapJob, column: RegisteredColumn, afterId: string | null, memo: RewrapMemo, batchSize: number) {
  const sql = getColumnSql(column);
  const prefix = `bh1.${job.sourceKeyId}.%`;
  const rows = await withColumnAccess(
    column,
    job.tenantId,
    (tx) =>
      tx.$queryRaw<{ id: string; ciphertext: string }[]>`
      SELECT ${sql.id}::text AS id, ${sql.ciphertext} AS ciphertext FROM ${sql.table}
       WHERE ${sql.tenantId}::text = ${job.tenantId} AND ${sql.ciphertext} LIKE ${prefix}
         AND (${afterId}::text IS NULL OR ${sql.id}::text > ${afterId}::text)
       ORDER BY ${sql.id}::text LIMIT ${batchSize}`,
  );
  if (rows.length === 0) return null;

  const scope = { tenantId: job.tenantId, purpose: column.purpose, from: job.fromOwner, to: job.toOwner };
  const moved: string[] = [];
  for (const row of rows) moved.push(await rewrapCiphertext(scope, row.ciphertext, memo));

  const lastId = rows[rows.length - 1].id;
  const updated = await withColumnAccess(column, job.tenantId, async (tx) => {
    await tx.$executeRaw`
      UPDATE ${sql.table} AS target SET ${sql.ciphertext} = moved.ciphertext
        FROM unnest(${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.ciphertext)}::text[], ${moved}::text[]) AS moved(id, previous, ciphertext)
       WHERE target.${sql.id}::text = moved.id AND target.${sql.tenantId}::text = ${job.tenantId} AND target.${sql.ciphertext} = moved.previous`;
    // The cursor moves only if no other runner moved it since this one read it.
    const count = await tx.$executeRaw`
      UPDATE kms_rewrap_jobs SET done = done + ${rows.length}, cursor_column = ${column.name}, cursor_id = ${lastId}, updated_at = now()
       WHERE id = ${job.id}::uuid AND state = 'running' AND done = ${job.done}`;
    if (count !== 1) throw new RewrapJobConflictError();
    return { ...job, done: job.done + rows.length, cursorColumn: column.name, cursorId: lastId, updatedAt: new Date() };
  });
  return { job: updated, lastId };
}

/**
 * A plain sentence for the tenant's admins (a KMS failure's own message is one), with a reference;
 * the error itself goes to the server log under the same reference.
 */
function describeFailure(job: RewrapJob, error: unknown): string {
  const reference = randomUUID();
  logEvent('error', 're-wrap job failed', { reference, jobId: job.id, tenantId: job.tenantId, error });
  const sentence = error instanceof KmsError ? error.message : 'The re-wrap job stopped on an unexpected error; resume it to continue.';
  return `${sentence} Reference: ${reference}`;
}
