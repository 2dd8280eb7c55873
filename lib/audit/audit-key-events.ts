import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, AuditEventFields, AuditOutcome, JsonValue } from '@/lib/audit/event';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { logEvent } from '@/lib/log/logger';
import { onKeyEvent, type KeyEvent, type KeyEventType } from '../kms/key-events';

/** Who caused the key operations run inside runWithKeyAuditContext, for the audit events they produce. */
export interface KeyAuditContext {
  actor: AuditActor;
  requestId: string;
}

export type AppendAuditEvent = (fields: AuditEventFields) => Promise<unknown>;

const audited: Partial<Record<KeyEventType, { action: AuditAction; outcome: AuditOutcome }>> = {
  key_created: { action: 'kms.key_create', outcome: 'success' },
  key_rotated: { action: 'kms.key_rotate', outcome: 'success' },
  key_rotation_enabled: { action: 'kms.key_rotation_enable', outcome: 'success' },
  key_disabled: { action: 'kms.key_disable', outcome: 'success' },
  key_deletion_scheduled: { action: 'kms.key_deletion_schedule', outcome: 'success' },
  tenant_key_shredded: { action: 'kms.key_shred', outcome: 'success' },
  decrypt_refused: { action: 'kms.decrypt_refused', outcome: 'denied' },
  kms_failure: { action: 'kms.failure', outcome: 'failure' },
  // data_key_generated, data_key_decrypted and data_key_rewrapped follow traffic and are not audited
  // one by one: the data-key cache figures and each re-wrap job's own `kms.rewrap` events cover them.
};

// On globalThis for the same reason as the listener set in key-events.ts: one per process, shared by
// every bundled copy of this module.
const shared = globalThis as typeof globalThis & {
  bulkheadKeyAudit?: { storage: AsyncLocalStorage<KeyAuditContext>; pending: Set<Promise<void>>; tails: Map<string, Promise<void>>; isRegistered: boolean };
};
const state = (shared.bulkheadKeyAudit ??= { storage: new AsyncLocalStorage(), pending: new Set(), tails: new Map(), isRegistered: false });

/** Runs `work` so that key events it causes are attributed to `context` (the signed-in admin, the request). */
export function runWithKeyAuditContext<T>(context: KeyAuditContext, work: () => Promise<T>): Promise<T> {
  return state.storage.run(context, work);
}

/**
 * The audit event for a key event, or null for events not audited. Tenant key events go to the
 * tenant's chain; events with no tenant (the platform key) to the platform chain.
 */
export function toKeyAuditEvent(event: KeyEvent, context?: KeyAuditContext): AuditEventFields | null {
  const mapping = audited[event.type];
  if (!mapping) return null;
  const payload: Record<string, JsonValue> = { at: event.at.toISOString() };
  for (const field of ['purpose', 'operation', 'errorCode', 'retryable', 'attempts', 'reason'] as const) {
    if (event[field] !== undefined) payload[field] = event[field];
  }
  if (event.deletionDate) payload.deletionDate = event.deletionDate.toISOString();
  return {
    tenantId: event.tenantId ?? PLATFORM_CHAIN_ID,
    actor: context?.actor ?? { type: 'system', id: 'kms' },
    action: mapping.action,
    target: event.keyId ?? null,
    requestId: context?.requestId ?? randomUUID(),
    outcome: mapping.outcome,
    payload,
  };
}

/**
 * A key-event listener that appends the audit event in the background. The key operation never
 * waits for it and never sees its failure: a KMS outage must surface as the KMS error, not as an
 * audit error (an append that fails is logged with the event's facts instead). Appends to one chain
 * run one after another, so the chain keeps the order the events happened in.
 */
export function createKeyEventAuditor(append: AppendAuditEvent): (event: KeyEvent) => void {
  return (event) => {
    const fields = toKeyAuditEvent(event, state.storage.getStore());
    if (!fields) return;
    const previous = state.tails.get(fields.tenantId) ?? Promise.resolve();
    const pending = previous
      .then(() => append(fields))
      .then(
        () => {},
        (error: unknown) =>
          logEvent('error', 'kms audit event not recorded', { action: fields.action, tenantId: fields.tenantId, keyId: fields.target, error }),
      );
    state.tails.set(fields.tenantId, pending);
    state.pending.add(pending);
    void pending.finally(() => {
      state.pending.delete(pending);
      if (state.tails.get(fields.tenantId) === pending) state.tails.delete(fields.tenantId);
    });
  };
}

/**
 * Subscribes the audit log to lib/kms key events, once per process (later calls do nothing).
 * Called at server start-up by instrumentation.ts; scripts that run key operations call it too.
 */
export function registerKeyEventAuditing(): void {
  if (state.isRegistered) return;
  state.isRegistered = true;
  onKeyEvent(createKeyEventAuditor(recordAuditEvent));
}

/** Resolves once every key-event audit append started so far has finished (written or logged). */
export async function waitForKeyEventAudit(): Promise<void> {
  while (state.pending.size > 0) await Promise.all([...state.pending]);
}
