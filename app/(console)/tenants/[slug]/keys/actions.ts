'use server';

import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import type { Principal } from '@/lib/auth/principal';
import { getTenantSummary } from '@/lib/control/get-tenant';
import { describeActor } from '@/lib/control/policy-audit';
import { toLayerTiers } from '@/lib/control/policy-snapshot';
import { UserFacingError } from '@/lib/errors';
import { enableTenantKeyRotation, ensureKeysForTiers, KmsError, rotateTenantKey } from '@/lib/kms';
import { getLatestRewrapJob, getRewrapJob, RewrapJobRunningError, runRewrapJob, startRewrapJob, type RewrapRequester } from '@/lib/control/keys/rewrap-job';
import { offboardTenantKeys } from '@/lib/control/keys/offboard-tenant-keys';
import { runWithKeyAuditContext, waitForKeyEventAudit } from '@/lib/audit/audit-key-events';
import { logEvent } from '@/lib/log/logger';
import { assertPlatformAdmin } from '@/lib/tenancy/platform';

// Tenant admins (keys.manage) create, rotate and re-wrap their key; offboarding also needs the
// platform-admin role, checked before its input is read.
const noInput = z.object({}).strict();
const manage = { permission: 'keys.manage' } as const;
/** A running job not updated for this long lost its runner (server restart): it may be resumed. */
const STALLED_AFTER_MS = 60_000;

export const createTenantKeyAction = tenantAction({ name: 'kms.key_create', ...manage, schema: noInput }, async ({ principal, tenant, requestId }) => {
  const tiers = toLayerTiers(await getTenantSummary(tenant.id));
  const { owner, key } = await runAsKeyAdmin(getRequester(principal, requestId), () => ensureKeysForTiers(tenant.id, tiers));
  revalidatePath(`/tenants/${tenant.slug}/keys`);
  return { owner, keyId: key.keyId };
});

export const rotateTenantKeyAction = tenantAction({ name: 'kms.key_rotate', ...manage, schema: noInput }, async ({ principal, tenant, requestId }) => {
  const requester = getRequester(principal, requestId);
  if ((await getLatestRewrapJob(tenant.id))?.state === 'running') throw new RewrapJobRunningError();
  const job = await runAsKeyAdmin(requester, async () => {
    await rotateTenantKey(tenant.id);
    return startRewrapJob(tenant.id, requester);
  });
  runInBackground(tenant.id, job.id, requester);
  revalidatePath(`/tenants/${tenant.slug}/keys`);
  return { jobId: job.id, total: job.total };
});

export const resumeRewrapJobAction = tenantAction(
  { name: 'kms.rewrap', ...manage, schema: z.object({ jobId: z.uuid() }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    const job = await getRewrapJob(tenant.id, input.jobId);
    if (!job) throw new UserFacingError('No such re-wrap job.', 404);
    const isStalled = job.state === 'running' && Date.now() - job.updatedAt.getTime() > STALLED_AFTER_MS;
    if (job.state !== 'failed' && !isStalled) throw new UserFacingError('Only a failed or stalled re-wrap job can be resumed.', 409);
    runInBackground(tenant.id, job.id, getRequester(principal, requestId));
    return { jobId: job.id };
  },
);

export const enableKeyRotationAction = tenantAction(
  { name: 'kms.key_rotation_enable', ...manage, schema: z.object({ periodDays: z.coerce.number().int().min(90).max(2560) }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await runAsKeyAdmin(getRequester(principal, requestId), () => enableTenantKeyRotation(tenant.id, input.periodDays));
    revalidatePath(`/tenants/${tenant.slug}/keys`);
    return { periodDays: input.periodDays };
  },
);

export const offboardTenantAction = tenantAction({ name: 'kms.key_shred', ...manage, schema: z.unknown() }, async ({ principal, tenant, input, requestId }) => {
  assertPlatformAdmin(principal);
  const { confirmSlug } = z.object({ confirmSlug: z.string().trim() }).strict().parse(input);
  if (confirmSlug !== tenant.slug) throw new UserFacingError(`Type the tenant's slug, ${tenant.slug}, to confirm.`, 422);
  const { receiptId, receipt } = await rethrowForUser(() => offboardTenantKeys(principal, tenant.id, { requestId }));
  // No revalidation: the offboarded tenant's pages now answer 404, and this one must stay up to
  // show the receipt link. Navigating away drops the tenant from the console.
  return { receiptId, keyId: receipt.statement.keyId, deletionDate: receipt.statement.deletionDate };
});

function getRequester(principal: Principal, requestId: string): RewrapRequester {
  return { actor: describeActor(principal), requestId };
}

// Key events caused here are attributed to the admin; their audit appends finish before we answer.
async function runAsKeyAdmin<T>(requester: RewrapRequester, work: () => Promise<T>): Promise<T> {
  try {
    return await rethrowForUser(() => runWithKeyAuditContext(requester, work));
  } finally {
    await waitForKeyEventAudit();
  }
}

// KMS errors carry messages written for people (retryable or not); show them as they are.
async function rethrowForUser<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KmsError) throw new UserFacingError(error.message, error.retryable ? 409 : 422);
    throw error;
  }
}

// The job outlives the request: the page polls its progress; a failure is stored on the job.
function runInBackground(tenantId: string, jobId: string, requester: RewrapRequester) {
  after(() =>
    runWithKeyAuditContext(requester, () => runRewrapJob(tenantId, jobId, requester)).catch((error) =>
      logEvent('error', 'rewrap job failed', { tenantId, jobId, requestId: requester.requestId, error }),
    ),
  );
}
