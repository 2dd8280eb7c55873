// Shared by the audit store's database tests: principals, event batches, and DBA-level tampering.
import type pg from 'pg';
import type { Principal, TenantGrant, TenantRole } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { connectAsOwner } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { AuditEvent, AuditEventFields } from '../event';
import { appendAuditEvents } from './append-events';

export type TestTenant = { id: string; slug: string; name: string };

export function makePrincipal(options: { platformRole?: Principal['platformRole']; grants?: [TestTenant, TenantRole][] } = {}): Principal {
  const userId = crypto.randomUUID();
  return {
    userId,
    email: `${userId.slice(0, 8)}@test.example`,
    name: 'Test principal',
    platformRole: options.platformRole ?? null,
    grants: (options.grants ?? []).map(([tenant, role]): TenantGrant => ({ tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role })),
    sessionTokenHash: 'test',
  };
}

/** What resolveTenantAccess returns for a principal's own grant. */
export function makeAccess(principal: Principal, tenant: TestTenant): TenantAccess {
  return { principal, tenant, grant: principal.grants.find((grant) => grant.tenantId === tenant.id) ?? null };
}

export function makeEventFields(n: number, label: string, overrides: Partial<AuditEventFields> = {}): Omit<AuditEventFields, 'tenantId'> {
  return {
    actor: { type: 'user', id: `${label}-user-${n % 3}`, label: `${label}${n % 3}@example.com` },
    action: n % 4 === 0 ? 'retrieval.read' : 'inference.request',
    target: `${label}-model-${n % 2}`,
    requestId: `${label}-req-${n}`,
    outcome: n % 5 === 0 ? 'blocked' : 'success',
    payload: { n, note: `${label} event ${n}` },
    ...overrides,
  };
}

/** Appends `count` events in batches of `batchSize`, each batch one transaction, as the app would. */
export async function appendTestEvents(tenantId: string, count: number, label: string, batchSize = 10): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (let start = 1; start <= count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start + 1) }, (_, index) => makeEventFields(start + index, label));
    events.push(...(await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, batch))));
  }
  return events;
}

/**
 * Runs `work` as a DBA-level attacker would: the owner role, in one transaction, with the append-only
 * triggers disabled and row-level security not forced on the owner, all restored before commit.
 */
export async function tamperAsOwner(work: (owner: pg.Client) => Promise<void>): Promise<void> {
  const owner = await connectAsOwner();
  const tables = ['audit_events', 'audit_heads', 'audit_checkpoints'];
  try {
    await owner.query('BEGIN');
    // Appenders lock the head row, then insert events: take the tables in that same order first, so
    // an attack running beside other tests' appenders waits for them instead of deadlocking.
    await owner.query('LOCK TABLE audit_heads, audit_events, audit_checkpoints IN ACCESS EXCLUSIVE MODE');
    for (const table of tables) await owner.query(`ALTER TABLE ${table} DISABLE TRIGGER USER; ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await work(owner);
    for (const table of tables) await owner.query(`ALTER TABLE ${table} ENABLE TRIGGER USER; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  } finally {
    await owner.end();
  }
}
