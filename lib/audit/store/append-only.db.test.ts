import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { ForbiddenError } from '@/lib/errors';
import { connectAsApp, connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { applyAuditRetention } from './apply-retention';
import { getAuditChainStore } from './chain-store';
import { createCheckpoint } from './create-checkpoint';
import { appendTestEvents, makePrincipal } from './db-test-helpers';
import { verifyTenantChain } from './verify-tenant-chain';

const changes = {
  update: `UPDATE audit_events SET target = 'changed' WHERE tenant_id = $1`,
  delete: `DELETE FROM audit_events WHERE tenant_id = $1`,
  truncate: 'TRUNCATE audit_events',
};

/** Runs `sql` in a rolled-back transaction with the tenant context set; returns the row count or the error. */
async function attempt(client: pg.Client, tenantId: string, sql: string): Promise<{ rowCount: number | null } | Error> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const result = await client.query(sql, sql.includes('$1') ? [tenantId] : []);
    return { rowCount: result.rowCount };
  } catch (error) {
    return error as Error;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('audit events are append-only', () => {
  let tenant: { id: string; slug: string; name: string };
  let app: pg.Client;
  let owner: pg.Client;
  let platform: pg.Client;

  before(async () => {
    tenant = await createTestTenant('append-only');
    await appendTestEvents(tenant.id, 12, 'append-only');
    app = await connectAsApp();
    owner = await connectAsOwner();
    platform = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
    await platform.connect();
  });
  after(async () => {
    await Promise.all([app.end(), owner.end(), platform.end()]);
    await disconnectAllPrismaClients();
  });

  test("positive control: the app role reads and inserts its tenant's events in the same harness", async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant.id]);
      const { rows } = await app.query('SELECT count(*)::int AS n FROM audit_events');
      assert.equal(rows[0].n, 12);
      await app.query(
        `INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, action, request_id, outcome, payload_json, prev_hash, hash)
        VALUES ($1, 1000, now(), 'system', 'test', 'audit.access', 'r', 'success', '{}', $2, $2)`,
        [tenant.id, '0'.repeat(64)],
      );
    } finally {
      await app.query('ROLLBACK');
    }
  });

  for (const [name, sql] of Object.entries(changes)) {
    test(`the app role cannot ${name} (no grant)`, async () => {
      const result = await attempt(app, tenant.id, sql);
      assert.ok(result instanceof Error, `${name} went through: ${JSON.stringify(result)}`);
      assert.match(result.message, /permission denied/);
    });

    test(`the platform role cannot ${name} either`, async () => {
      const result = await attempt(platform, tenant.id, sql);
      assert.ok(result instanceof Error, `${name} went through: ${JSON.stringify(result)}`);
      assert.match(result.message, /permission denied/);
    });

    test(`the trigger refuses ${name} even to the owner, who holds every privilege`, async () => {
      const result = await attempt(owner, tenant.id, sql);
      assert.ok(result instanceof Error, `${name} went through: ${JSON.stringify(result)}`);
      assert.match(result.message, /append-only/);
    });
  }

  test("positive control: with the trigger disabled the owner's update does reach rows (so the trigger is what refused it)", async () => {
    await owner.query('BEGIN');
    try {
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      const result = await owner.query(changes.update, [tenant.id]);
      assert.equal(result.rowCount, 12);
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  test('checkpoints cannot be changed or removed by the app role', async () => {
    await createCheckpoint(tenant.id);
    for (const sql of [
      `UPDATE audit_checkpoints SET seq = 1 WHERE tenant_id = $1`,
      `DELETE FROM audit_checkpoints WHERE tenant_id = $1`,
      'TRUNCATE audit_checkpoints',
    ]) {
      const result = await attempt(app, tenant.id, sql);
      assert.ok(result instanceof Error && /permission denied/.test(result.message), sql);
    }
  });

  test('only the platform role can call the retention function', async () => {
    const result = await attempt(app, tenant.id, `SELECT bulkhead_audit_apply_retention($1, 3, 'me')`);
    assert.ok(result instanceof Error && /permission denied/.test(result.message), 'the app role ran retention');
  });
});

describe('retention, the one maintenance path', () => {
  after(() => disconnectAllPrismaClients());

  test('removes events up to a seq, records itself in the chain, and what remains still verifies', async () => {
    const tenant = await createTestTenant('retention');
    await appendTestEvents(tenant.id, 20, 'retention');
    await createCheckpoint(tenant.id);
    const admin = makePrincipal({ platformRole: 'platform_admin' });

    const removed = await applyAuditRetention({ principal: admin, tenantId: tenant.id, throughSeq: 8, requestId: 'retention-test' });
    assert.equal(removed, 8);
    const store = getAuditChainStore(tenant.id);
    const { events } = await store.findEvents({ limit: 100 });
    assert.deepEqual([events.at(-1)?.seq, events[0].seq], [9, 21]);
    assert.equal(events[0].action, 'audit.retention');
    assert.deepEqual(events[0].payload, { throughSeq: 8, removedEvents: 8 });
    assert.equal(events[0].actor.id, admin.userId);

    const status = await verifyTenantChain(tenant.id, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);
    assert.deepEqual([status.verifiedThroughSeq, status.eventCount], [21, 13]);
  });

  test('is refused to anyone but a platform admin', async () => {
    const tenant = await createTestTenant('retention-refused');
    await appendTestEvents(tenant.id, 3, 'retention-refused');
    const officer = makePrincipal({ platformRole: 'compliance_officer' });
    await assert.rejects(applyAuditRetention({ principal: officer, tenantId: tenant.id, throughSeq: 2, requestId: 'r' }), ForbiddenError);
    assert.equal((await getAuditChainStore(tenant.id).findEvents({ limit: 10 })).events.length, 3);
  });
});
