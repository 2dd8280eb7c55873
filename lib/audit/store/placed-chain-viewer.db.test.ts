import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import { connectAsOwnerOf, recordTestEvents } from '@/lib/placement/logs-layer-test-helpers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { createTestTenant } from '@/lib/testing/fixtures';
import { getCheckpointPublicKey } from '../checkpoint-signer';
import { verifyExportFile } from '../verify-export-file';
import { createAuditExport } from '../viewer/create-audit-export';
import { auditEventPageRequestSchema, auditExportRequestSchema } from '../viewer/event-filter';
import { readAuditEventPage } from '../viewer/read-audit-events';
import { getAuditChainStore } from './chain-store';
import { createCheckpoint } from './create-checkpoint';
import { makeAccess, makePrincipal, type TestTenant } from './db-test-helpers';
import { verifyTenantChain } from './verify-tenant-chain';

// The viewer, the verifier and the export know nothing of placement: run them on a tenant whose log
// lives in its own schema, and prove they read that copy (a tamper there is what verification finds).
describe('viewer, verifier and export on a schema_kms log', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'placed-audit-export-'));
  let kms: TestKms;
  let tenant: TestTenant;
  let placement: Placement;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenant = await createTestTenant('logs-viewer');
    await recordTestEvents(tenant.id, 12, 'pre');
    await migrateLayer(tenant.id, 'logs', 'schema_kms');
    await recordTestEvents(tenant.id, 12, 'placed');
    placement = await getPlacement(tenant.id, 'logs');
  });
  after(async () => {
    await destroyLocation(placement);
    rmSync(directory, { recursive: true, force: true });
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('the viewer pages and filters the placed chain', async () => {
    assert.equal(placement.tier, 'schema_kms');
    const access = makeAccess(makePrincipal({ grants: [[tenant, 'admin']] }), tenant);
    const context = { requestId: 'viewer-test', via: 'console' as const };
    const first = await readAuditEventPage(access, auditEventPageRequestSchema.parse({ limit: 10 }), context);
    assert.equal(first.events.length, 10);
    assert.ok(first.nextCursor);
    const second = await readAuditEventPage(access, auditEventPageRequestSchema.parse({ limit: 10, cursor: first.nextCursor }), context);
    assert.ok(second.events[0].seq < first.events.at(-1)!.seq, 'the next page continues below');
    const searched = await getAuditChainStore(tenant.id).findEvents({ text: 'placed-user', limit: 50 });
    assert.equal(searched.events.length, 12, 'free-text search finds the events appended after the move');
  });

  test('verification and checkpoints run on the placed copy; a JSONL export verifies offline', async () => {
    await createCheckpoint(tenant.id);
    const status = await verifyTenantChain(tenant.id, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);
    const head = await getAuditChainStore(tenant.id).getHead();
    assert.equal(status.verifiedThroughSeq, head!.seq);

    const officer = makePrincipal({ platformRole: 'compliance_officer', grants: [[tenant, 'compliance']] });
    const exported = await createAuditExport(makeAccess(officer, tenant), auditExportRequestSchema.parse({ format: 'jsonl' }), 'placed-export');
    let text = '';
    for await (const chunk of exported.chunks) text += chunk;
    const file = path.join(directory, exported.filename);
    writeFileSync(file, text);
    const verification = await verifyExportFile(file, { pinnedPublicKey: (await getCheckpointPublicKey())!.publicKeyText });
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.equal(verification.result?.eventCount, head!.seq + 1, "every event and the export's own");
  });

  test('positive control: an event changed in the tenant schema by a DBA fails verification', async () => {
    const owner = await connectAsOwnerOf(placement);
    const table = `"${placement.schemaName}".audit_events`;
    try {
      await owner.query('BEGIN');
      await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
      await owner.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await owner.query(`UPDATE ${table} SET target = 'nothing to see' WHERE seq = 5`);
      await owner.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }
    const status = await verifyTenantChain(tenant.id, { checkedBy: 'test' });
    assert.equal(status.ok, false);
    assert.equal(status.problem?.seq, 5);
  });

  test('a restored older copy of the tenant schema (events and head together) is caught by the checkpoints kept apart', async () => {
    const other = await createTestTenant('logs-restore');
    await recordTestEvents(other.id, 10, 'restore');
    await migrateLayer(other.id, 'logs', 'schema_kms');
    const moved = await getPlacement(other.id, 'logs');
    try {
      await createCheckpoint(other.id);
      const signedSeq = (await getAuditChainStore(other.id).getHead())!.seq;
      assert.equal((await verifyTenantChain(other.id, { checkedBy: 'test' })).ok, true, 'positive control: it verifies before the restore');
      // What a restore of the schema from before seq 7 leaves: a consistent, shorter chain and head.
      const events = `"${moved.schemaName}".audit_events`;
      const owner = await connectAsOwnerOf(moved);
      try {
        await owner.query('BEGIN');
        await owner.query("SELECT set_config('app.tenant_id', $1, true)", [other.id]);
        const { rows } = await owner.query(`SELECT hash, time FROM ${events} WHERE seq = 6`);
        await owner.query(`ALTER TABLE ${events} DISABLE TRIGGER USER`);
        await owner.query(`DELETE FROM ${events} WHERE seq > 6`);
        await owner.query(`ALTER TABLE ${events} ENABLE TRIGGER USER`);
        await owner.query(`UPDATE "${moved.schemaName}".audit_heads SET seq = 6, hash = $1, time = $2`, [rows[0].hash, rows[0].time]);
        await owner.query('COMMIT');
      } finally {
        await owner.end();
      }
      const status = await verifyTenantChain(other.id, { checkedBy: 'test' });
      assert.equal(status.ok, false, `the checkpoint at seq ${signedSeq} contradicts the restored copy`);
      assert.equal(status.problem?.seq, 7);
    } finally {
      await destroyLocation(moved);
    }
  });
});
