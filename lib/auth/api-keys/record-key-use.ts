import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { withTenantSql } from '@/lib/tenancy/with-tenant-sql';

/** A key's "last used" time is written at most this often per process: it is for people, not for billing. */
export const KEY_USE_WRITE_INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

const state = globalThis as unknown as { bulkheadKeyUseWrites?: Map<string, number> };

/**
 * Notes that a key was used (the keys page shows it, so an admin can tell a dead key from a live
 * one before revoking). Off the request's path: the write is not awaited, and a failure is logged,
 * never turned into a refusal, since the audit event already records every use.
 */
export function recordKeyUse(key: { keyId: string; tenantId: string }, now = Date.now()): void {
  const writes = (state.bulkheadKeyUseWrites ??= new Map());
  const last = writes.get(key.keyId);
  if (last !== undefined && now - last < KEY_USE_WRITE_INTERVAL_MS) return;
  if (writes.size >= MAX_TRACKED) writes.clear();
  writes.set(key.keyId, now);
  withTenantSql(key.tenantId, (client) =>
    client.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1::uuid AND revoked_at IS NULL', [key.keyId]),
  ).catch((error: unknown) => {
    writes.delete(key.keyId);
    logEvent('warn', 'could not record API key use', { keyId: key.keyId, error });
  });
}
