// Shared by the logs layer's database tests: events through the real appender, the chain as stored,
// and plain connections as a placement's own role.
import { after, before } from 'node:test';
import pg from 'pg';
import type { AuditEvent } from '@/lib/audit/event';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { getOwnerUrlFor, resolveConnectionTarget } from './connection-target';
import { getCopyServerOwnerUrl } from './servers/get-server-owner-url';
import { destroyLocation } from './destroy-location';
import { getPlacement, type Placement } from './get-placement';
import type { Tier } from './layers';
import { migrateLayer } from './migrate-layer';
import { closePlacementPools } from './pool-registry-instance';
import { upgradeSharedSchema } from './upgrade-placements';

/** Appends `count` events through recordAuditEvent (the group-commit queue), wherever the log lives. */
export async function recordTestEvents(tenantId: string, count: number, label: string): Promise<AuditEvent[]> {
  return Promise.all(
    Array.from({ length: count }, (_, n) =>
      recordAuditEvent({
        tenantId,
        actor: { type: 'user', id: `${label}-user`, label: `${label}@example.com` },
        action: 'inference.request',
        target: `${label}-model`,
        requestId: `${label}-req-${n}`,
        outcome: 'success',
        payload: { n, note: `${label} event ${n}` },
      }),
    ),
  );
}

export async function collectChain(tenantId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) events.push(event);
  return events;
}

/** A plain connection as the placement's own role (the application role for namespace), bypassing our helpers on purpose. */
export async function connectAsPlacementRole(placement: Placement, database?: string): Promise<pg.Client> {
  const { poolConfig } = await resolveConnectionTarget(placement);
  const client = new pg.Client({ ...poolConfig, ...(database ? { database } : {}) });
  await client.connect();
  return client;
}

/** The SQLSTATE of what `run` throws (null when it succeeds). */
export async function getErrorCode(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

/** A plain connection as the owner (migrations role) to the database a placement lives in. */
export async function connectAsOwnerOf(placement: Placement): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: getOwnerUrlFor(placement.databaseName, await getCopyServerOwnerUrl(placement)) });
  await client.connect();
  return client;
}

/**
 * For a describe block: before its tests, a test KMS and a new tenant with `events` events whose log is
 * then moved to `tier`; after them, the location destroyed and every pool closed. The returned handle
 * is filled in by the time the tests (and later before hooks) run.
 */
export function usePlacedLogTenant(label: string, tier: Exclude<Tier, 'namespace'>, events = 3): { tenantId: string; placement: Placement } {
  const handle = {} as { tenantId: string; placement: Placement };
  let kms: TestKms;
  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    handle.tenantId = (await createTestTenant(label)).id;
    await recordTestEvents(handle.tenantId, events, label);
    await migrateLayer(handle.tenantId, 'logs', tier);
    handle.placement = await getPlacement(handle.tenantId, 'logs');
  });
  after(async () => {
    if (handle.placement) await destroyLocation(handle.placement);
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms?.stop();
  });
  return handle;
}

/** Runs `work` in a rolled-back transaction on `client` with the tenant context set. */
export async function inTenantContext<T>(client: pg.Client, tenantId: string, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return await work();
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}
