import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { requestAuditOutboxRelay } from './record-event';

/** Tenants one sweep relays for, those holding the oldest events first; the rest wait for the next sweep. */
const MAX_TENANTS_PER_SWEEP = 100;

export interface SweepOptions {
  maxTenants?: number;
  /**
   * Relays one tenant's held events (at most relay-audit-outbox.ts's batch). Default: through this
   * process's append queue (requestAuditOutboxRelay), so the queue stays the chain's one writer here.
   */
  relay?: (tenantId: string) => Promise<unknown>;
}

/**
 * Relays the held admin-change events (audit-outbox.ts) of every tenant that has some, so an event
 * held while a chain was frozen does not wait for someone to read that chain. Bounded: at most
 * `maxTenants` tenants, each one relay batch. Any number of processes may sweep at once: the relay
 * itself appends each held event exactly once (a removal in the same transaction for the shared
 * tables, the applied-ids table under the head lock for a placed chain). What a relay cannot move
 * (a chain being moved is frozen) stays held for the next sweep.
 * @returns the tenants that had held events
 */
export async function sweepAuditOutbox(options: SweepOptions = {}): Promise<string[]> {
  const { maxTenants = MAX_TENANTS_PER_SWEEP, relay = requestAuditOutboxRelay } = options;
  const rows = await withPlatformSystemAccess(
    'audit outbox sweep',
    (tx) =>
      tx.$queryRaw<{ tenant_id: string }[]>`
      SELECT tenant_id::text AS tenant_id FROM audit_outbox GROUP BY tenant_id ORDER BY min(position) LIMIT ${maxTenants}`,
  );
  const tenantIds = rows.map((row) => row.tenant_id);
  // One tenant after another: a sweep is background work and must not take the connection pool from requests.
  for (const tenantId of tenantIds) await relay(tenantId);
  return tenantIds;
}

export interface AuditOutboxSweeper {
  stop(): void;
}

/**
 * Sweeps every `intervalMs` (default 30 s) until stopped. The timer never keeps the process alive, and
 * a sweep that fails (the control plane is unreachable) is logged and tried again next time.
 */
export function startAuditOutboxSweeper(options: { intervalMs?: number } = {}): AuditOutboxSweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  let isSweeping = false;
  const timer = setInterval(() => {
    // A slow sweep is never overlapped by the next one of the same process.
    if (isSweeping) return;
    isSweeping = true;
    sweepAuditOutbox()
      .catch((error: unknown) => logEvent('warn', 'audit outbox sweep failed; held events stay held', { error }))
      .finally(() => (isSweeping = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
