import 'server-only';
import { isSameLocation } from '@/lib/placement/get-placement';
import { logEvent } from '@/lib/log/logger';
import { onTargetConnection } from '@/lib/placement/target-transaction';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { connectAppClient, runTenantTransaction } from '@/lib/tenancy/with-tenant-sql';
import { CanonicalJsonError } from '../canonical-json';
import type { AuditEvent, AuditEventFields } from '../event';
import { AuditChainError } from '../hash-chain';
import { appendAuditEventsWith, toAuditSqlClientOnPg } from './append-to-chain';
import { rememberAuditHead, SHARED_CHAIN_KEY, takeKnownHeadAppend } from './append-on-known-head';
import { appendKnownHeadInGroup, type ConnectForAppend } from './group-known-head-appends';
import { auditAppendSeconds } from './audit-append-metrics';
import { AuditChainFrozenError } from './chain-frozen-error';
import { getCachedLogLocation, refreshLogLocation, type LogLocation } from './log-location';
import { relayAuditOutbox } from './relay-audit-outbox';
import { env } from '@/lib/env';

interface Pending {
  fields: Omit<AuditEventFields, 'tenantId'>;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}

/** Most events one transaction appends; a larger backlog is split over consecutive transactions. */
const MAX_BATCH = 256;
const APPEND_STATEMENT_TIMEOUT_MS = env.sqlStatementTimeoutMs;
// On globalThis so every bundle of the server shares one queue per tenant.
const shared = globalThis as unknown as { bulkheadAuditQueues?: Map<string, Pending[]> };
const queues = (shared.bulkheadAuditQueues ??= new Map<string, Pending[]>());
// Tenants whose held events (audit-outbox.ts) should be relayed by the queue, with who waits for it.
const relayWaiters = ((shared as { bulkheadAuditRelays?: Map<string, (() => void)[]> }).bulkheadAuditRelays ??= new Map<string, (() => void)[]>());

/**
 * Appends one event in its own transaction, for events that are not part of a larger change
 * (sign-ins, gateway decisions, denied requests, reads). Changes to tenant data append inside their
 * own transaction instead, with appendAuditEvents. Rejects when the write fails: callers fail closed.
 *
 * Group commit: events of one tenant arriving in the same event-loop turn, or while that tenant's
 * previous transaction is in flight, share the next transaction (one head lock, one insert, one
 * commit) on the lean `pg` path, in one round trip when this process wrote the chain's head last
 * (append-on-known-head.ts). Each call resolves only once its own event is committed, so "no
 * answer without its audit event" holds per request. Different tenants' batches may share a
 * transaction (group-known-head-appends.ts), which gives up on a head held elsewhere within 200 ms,
 * so one tenant's stalled chain does not hold up the others.
 * The transaction runs where the tenant's log tier places its chain (log-location.ts); while a tier
 * migration copies the chain, appends are refused (AuditChainFrozenError), never written to a copy
 * that is about to be discarded.
 */
export function recordAuditEvent(fields: AuditEventFields): Promise<AuditEvent> {
  const { tenantId, ...rest } = fields;
  return new Promise((resolve, reject) => {
    const queue = queues.get(tenantId);
    if (queue) {
      queue.push({ fields: rest, resolve, reject });
      return;
    }
    queues.set(tenantId, [{ fields: rest, resolve, reject }]);
    setImmediate(() => void drainQueue(tenantId));
  });
}

/**
 * Relays the tenant's held events into its chain through this queue, so the queue stays the one
 * writer of the chain in this process. Resolves once the relay ran, whatever its outcome: what it
 * could not move stays held for the next one.
 */
export function requestAuditOutboxRelay(tenantId: string): Promise<void> {
  return new Promise((resolve) => {
    const waiters = relayWaiters.get(tenantId);
    if (waiters) waiters.push(resolve);
    else relayWaiters.set(tenantId, [resolve]);
    if (queues.has(tenantId)) return;
    queues.set(tenantId, []);
    setImmediate(() => void drainQueue(tenantId));
  });
}

/**
 * Resolves once every event queued in this process so far has been written or refused (graceful
 * shutdown: the process must not exit with an append it accepted still in its queue).
 */
export async function flushAuditQueues(pollMs = 5): Promise<void> {
  while (queues.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
}

/** Events accepted by this process and not yet committed or refused, across tenants (a metric). */
export function countWaitingAuditEvents(): number {
  let waiting = 0;
  for (const queue of queues.values()) waiting += queue.length;
  return waiting;
}

async function drainQueue(tenantId: string) {
  const queue = queues.get(tenantId)!;
  while (queue.length > 0 || relayWaiters.has(tenantId)) {
    const waiters = relayWaiters.get(tenantId);
    if (waiters) {
      relayWaiters.delete(tenantId);
      await relayAuditOutbox(tenantId).catch((error) => logEvent('warn', 'audit outbox relay failed; the events stay held', { tenantId, error }));
      waiters.forEach((wake) => wake());
      continue;
    }
    const batch = queue.splice(0, MAX_BATCH);
    const stopTimer = auditAppendSeconds.startTimer();
    try {
      const events = await appendInOwnTransaction(tenantId, batch);
      stopTimer();
      batch.forEach((pending, index) => pending.resolve(events[index]));
    } catch (error) {
      stopTimer();
      // One invalid event must not fail the others it was batched with: retry them one by one. A
      // database failure (timeout, lock, outage) fails the whole batch at once instead of N times over.
      if (batch.length > 1 && isInvalidEventError(error)) await appendOneByOne(tenantId, batch);
      else for (const pending of batch) pending.reject(error);
    }
  }
  queues.delete(tenantId);
}

async function appendOneByOne(tenantId: string, batch: Pending[]) {
  for (const pending of batch) {
    try {
      const [event] = await appendInOwnTransaction(tenantId, [pending]);
      pending.resolve(event);
    } catch (error) {
      pending.reject(error);
    }
  }
}

function isInvalidEventError(error: unknown): boolean {
  return error instanceof AuditChainError || error instanceof CanonicalJsonError;
}

/**
 * Appends at the tenant's log location. The location may come from the appenders' cache; a cached one
 * that refuses (a frozen head: the chain is moving or moved) or fails after the chain moved elsewhere
 * is looked up afresh and tried once more. Nothing is written to a copy that is not live: those are frozen.
 */
async function appendInOwnTransaction(tenantId: string, batch: Pending[]): Promise<AuditEvent[]> {
  const fields = batch.map((pending) => pending.fields);
  const { location, isCached } = await getCachedLogLocation(tenantId);
  try {
    return await appendAt(location, tenantId, fields);
  } catch (error) {
    if (!isCached) throw error;
    const fresh = await refreshLogLocation(tenantId);
    if (!(error instanceof AuditChainFrozenError) && isSameLocation(fresh.placement, location.placement)) throw error;
    return appendAt(fresh, tenantId, fields);
  }
}

/**
 * One transaction on the chain copy at `location` (the shared tables as the app role, or the
 * placement as its own role, on plain `pg` connections): on the head this process last wrote there
 * if it still holds, together with other tenants' appends bound for the same pool
 * (group-known-head-appends.ts), else alone under the head lock (appendAuditEventsWith).
 */
async function appendAt(location: LogLocation, tenantId: string, fields: Pending['fields'][]): Promise<AuditEvent[]> {
  const chainKey = location.target?.locationKey ?? SHARED_CHAIN_KEY;
  const assumed = location.target?.assumed ?? null;
  const connect: ConnectForAppend = (use) => (location.target ? onTargetConnection(location.target, use) : connectAppClient().then(use));
  const known = takeKnownHeadAppend(chainKey, tenantId, fields);
  if (known) {
    const appended = await appendKnownHeadInGroup(location.target?.key ?? SHARED_CHAIN_KEY, connect, APPEND_STATEMENT_TIMEOUT_MS, known, assumed);
    if (appended) return appended;
  }
  // Bounded, so an append blocked by a held lock or a stalled server fails closed in time.
  const beginStatement = buildBeginWithTenantContext(tenantId, { statementTimeoutMs: APPEND_STATEMENT_TIMEOUT_MS, assumed });
  const events = await connect((client) =>
    runTenantTransaction(client, beginStatement, (tx) => appendAuditEventsWith(toAuditSqlClientOnPg(tx), tenantId, fields)),
  );
  const last = events[events.length - 1];
  if (last) rememberAuditHead(chainKey, tenantId, { tenantId, seq: last.seq, hash: last.hash, time: last.time });
  return events;
}
