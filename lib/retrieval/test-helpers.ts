import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';
import pg from 'pg';
import type { AuditActor } from '@/lib/audit/event';
import { resolveConnectionTarget } from '@/lib/placement/connection-target';
import type { Placement } from '@/lib/placement/get-placement';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { ingestDocument } from './ingest-document';

export const testActor: AuditActor = { type: 'system', id: 'knowledge-test' };

/** Ingests a Markdown (or other) text as `tenant`, the way the upload route does. */
export function ingestText(tenant: { id: string; slug: string; name: string }, filename: string, text: string) {
  return ingestDocument({ tenant, actor: testActor, requestId: crypto.randomUUID(), file: { filename, bytes: Buffer.from(text) } });
}

/**
 * Runs `sql` on the placement as its own role in the tenant's context with sequential scans off,
 * so a lookup by search vector goes through the GIN index: what the index still answers for.
 */
export async function queryPlacementDirectly<T extends pg.QueryResultRow>(placement: Placement, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client((await resolveConnectionTarget(placement)).poolConfig);
  await client.connect();
  try {
    await client.query('BEGIN');
    await setTenantContextOnClient(client, placement.tenantId);
    await client.query('SET LOCAL enable_seqscan = off');
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
}

/** The tenant's audit events of one request. */
export function findAuditEventsOfRequest(tenantId: string, requestId: string) {
  return withTenant(tenantId, (tx) => tx.auditEvent.findMany({ where: { tenantId, requestId }, orderBy: { seq: 'asc' } }));
}
