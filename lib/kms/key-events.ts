import 'server-only';
import { logEvent } from '@/lib/log/logger';

export type KeyEventType =
  | 'key_created'
  | 'key_rotated'
  | 'key_rotation_enabled'
  | 'key_disabled'
  | 'key_deletion_scheduled'
  | 'tenant_key_shredded'
  | 'data_key_generated'
  | 'data_key_decrypted'
  | 'data_key_rewrapped'
  | 'decrypt_refused'
  | 'kms_failure';

/** One key operation or failure, for the audit log. Never carries plaintext or key material. */
export interface KeyEvent {
  type: KeyEventType;
  at: Date;
  tenantId?: string;
  keyId?: string;
  purpose?: string;
  /** The KMS operation, for kms_failure. */
  operation?: string;
  /** KmsError code, for kms_failure and decrypt_refused. */
  errorCode?: string;
  retryable?: boolean;
  attempts?: number;
  /** For decrypt_refused: malformed, key_mismatch, authentication_failed or policy_denied. */
  reason?: string;
  deletionDate?: Date;
}

type KeyEventListener = (event: KeyEvent) => void;
// Held on globalThis: Next can load this module more than once (instrumentation, route bundles), and
// a listener registered at start-up must hear events emitted from every copy.
const globalStore = globalThis as typeof globalThis & { bulkheadKeyEventListeners?: Set<KeyEventListener> };
const listeners = (globalStore.bulkheadKeyEventListeners ??= new Set<KeyEventListener>());

/**
 * Subscribes to key operations and failures (the audit log does). Listeners run synchronously;
 * one that throws is logged and does not affect the key operation or the other listeners.
 * Returns the unsubscribe function.
 */
export function onKeyEvent(listener: KeyEventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitKeyEvent(event: Omit<KeyEvent, 'at'>) {
  const stamped = { ...event, at: new Date() };
  for (const listener of listeners) {
    try {
      listener(stamped);
    } catch (error) {
      logEvent('error', 'kms key event listener failed', { type: event.type, error });
    }
  }
}
