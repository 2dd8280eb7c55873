import 'server-only';
import type { AuditAction, AuditActor, JsonValue } from '../event';
import { appendAuditEvents } from './append-events';
import { PLATFORM_CHAIN_ID, type AuditTransaction } from './audit-transaction';
import { recordAuditEvent } from './record-event';

/** One change to an account, a membership or a sign-in rule, as every chain it touches records it. */
export interface IdentityChange {
  actor: AuditActor;
  action: AuditAction;
  /** `user:<id>` or `invitation:<email>`. */
  target: string;
  requestId: string;
  payload: JsonValue;
}

/**
 * Appends the change to the chain of each touched tenant and to the platform chain, in the caller's
 * platform-role transaction, so the change and all its events commit or roll back together.
 */
export async function appendIdentityEvents(tx: AuditTransaction, tenantIds: readonly string[], change: IdentityChange): Promise<void> {
  for (const tenantId of new Set([...tenantIds, PLATFORM_CHAIN_ID])) {
    await appendAuditEvents(tx, tenantId, [{ ...change, outcome: 'success' }]);
  }
}

/**
 * The platform chain's copy of a change made in a tenant's own transaction (the app role cannot
 * write the platform chain there): appended right after that transaction commits, under the same
 * request id. Awaited, so the caller's answer waits for it and a failure is reported.
 */
export async function recordPlatformCopy(change: IdentityChange): Promise<void> {
  await recordAuditEvent({ tenantId: PLATFORM_CHAIN_ID, ...change, outcome: 'success' });
}
