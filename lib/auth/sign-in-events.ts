import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { getIdentityClient } from '@/lib/tenancy/identity';
import { hashSessionToken } from './session-store';
import { THROTTLE_WINDOW_SECONDS, type FailureCount } from './sign-in-throttle';

/**
 * Sign-ins and sign-outs go to the platform chain, and to the chain of every tenant the user is a
 * member of, so a tenant's compliance officer sees its own users' sessions. A denied attempt for an
 * unknown email names no user and goes to the platform chain only.
 */
export async function recordSignIn(event: { email: string; userId: string; failedAttemptsBefore: number; method?: 'password' | 'sso' }) {
  await recordInChains(event, 'success', {
    method: event.method ?? 'password',
    ...(event.failedAttemptsBefore > 0 ? { failedAttemptsBefore: event.failedAttemptsBefore } : {}),
  });
}

/**
 * Failed sign-ins are recorded once per account and window, not once per attempt, so guessing
 * cannot flood the logs of every tenant the user belongs to: the window's first failure is an
 * event (with the count of the window before it, if any), later ones only add to the count, which
 * the next window's event or the next successful sign-in reports.
 */
export async function recordSignInDenied(event: { email: string; userId: string | null; count: FailureCount }) {
  if (event.count.failures !== 1) return;
  await recordInChains(event, 'denied', {
    method: 'password',
    windowSeconds: THROTTLE_WINDOW_SECONDS,
    ...(event.count.previousWindowFailures > 0 ? { failuresInPreviousWindow: event.count.previousWindowFailures } : {}),
  });
}

async function recordInChains(event: { email: string; userId: string | null }, outcome: 'success' | 'denied', payload: Record<string, string | number>) {
  const chains = [PLATFORM_CHAIN_ID, ...(event.userId ? await findMemberTenantIds(event.userId) : [])];
  const requestId = randomUUID();
  await Promise.all(
    chains.map((tenantId) =>
      recordAuditEvent({
        tenantId,
        actor: event.userId ? { type: 'user', id: event.userId, label: event.email } : { type: 'system', id: 'sign-in', label: event.email },
        action: 'auth.sign_in',
        target: event.userId,
        requestId,
        outcome,
        payload,
      }),
    ),
  );
}

export async function recordSignOut(sessionToken: string) {
  const session = await getIdentityClient().session.findUnique({
    where: { tokenHash: hashSessionToken(sessionToken) },
    select: { user: { select: { id: true, email: true } } },
  });
  if (!session) return;
  const { id, email } = session.user;
  const requestId = randomUUID();
  const chains = [PLATFORM_CHAIN_ID, ...(await findMemberTenantIds(id))];
  await Promise.all(
    chains.map((tenantId) =>
      recordAuditEvent({
        tenantId,
        actor: { type: 'user', id, label: email },
        action: 'auth.sign_out',
        target: id,
        requestId,
        outcome: 'success',
        payload: {},
      }),
    ),
  );
}

async function findMemberTenantIds(userId: string): Promise<string[]> {
  const grants = await getIdentityClient().$queryRaw<{ tenant_id: string; grant_role: string }[]>`
    SELECT tenant_id, grant_role FROM bulkhead_principal_grants(${userId}::uuid)`;
  return grants.filter((grant) => grant.grant_role !== 'compliance').map((grant) => grant.tenant_id);
}
