import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { getKmsCallCounts } from '@/lib/kms/call-counts';
import { decryptForTenant } from '@/lib/kms/envelope';
import { KmsUnavailableError } from '@/lib/kms/errors';
import { rotateTenantKey } from '@/lib/kms/key-lifecycle';
import { ensureTenantKey } from '@/lib/kms/key-provider';
import { createEncryptedTestTable, findKmsAuditEvents, readMaterialId, type EncryptedTestTable } from '@/lib/kms/lifecycle-test-helpers';
import { getRewrapJob, runRewrapJob, startRewrapJob, type RewrapJob } from './rewrap-job';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';

const requester = { actor: { type: 'system' as const, id: 'rewrap-test' }, requestId: 'rewrap-test' };

describe('re-wrap jobs (real Postgres, local KMS over HTTP)', () => {
  let kms: TestKms;
  let table: EncryptedTestTable;

  before(async () => {
    kms = await startTestKms();
    table = await createEncryptedTestTable('rewrap');
  });
  after(async () => {
    await table.drop();
    await kms.stop();
    await disconnectAllPrismaClients();
  });

  async function seedRotatedTenant(label: string, count: number, isFreshDataKey: boolean) {
    const tenant = await createTestTenant(label);
    await ensureTenantKey(tenant.id);
    const inserted = await table.insertRows(tenant.id, count, { isFreshDataKey });
    const before = await table.readRows(tenant.id);
    await rotateTenantKey(tenant.id);
    return { tenant, inserted, before };
  }

  async function assertAllReadable(tenantId: string, inserted: { id: string; plaintext: string }[]) {
    const rows = await table.readRows(tenantId);
    for (const row of rows) {
      const expected = inserted.find((candidate) => candidate.id === row.id)!.plaintext;
      assert.equal((await decryptForTenant({ tenantId, purpose: 'secret', recordId: row.id }, row.secret)).toString(), expected);
    }
  }

  test('after a rotation the job moves every stored data key to the new material; rows stay readable', async () => {
    const { tenant, inserted, before } = await seedRotatedTenant('rewrap-rotate', 10, false);
    const oldMaterial = readMaterialId(before[0].secret);
    await assertAllReadable(tenant.id, inserted);

    const reEncryptsBefore = getKmsCallCounts().byOperation.ReEncrypt ?? 0;
    const job = await startRewrapJob(tenant.id, requester);
    assert.equal(job.total, 10);
    const finished = await runRewrapJob(tenant.id, job.id, requester, { batchSize: 3 });
    assert.equal(finished.state, 'succeeded');
    assert.equal(finished.done, 10);
    // All ten rows share the data key the cache handed out: one ReEncrypt for the whole job.
    assert.equal((getKmsCallCounts().byOperation.ReEncrypt ?? 0) - reEncryptsBefore, 1);

    const after = await table.readRows(tenant.id);
    const newMaterials = new Set(after.map((row) => readMaterialId(row.secret)));
    assert.equal(newMaterials.size, 1);
    assert.ok(!newMaterials.has(oldMaterial), 'the wrapped keys moved off the old material');
    for (const row of after) {
      const previous = before.find((candidate) => candidate.id === row.id)!.secret;
      assert.notEqual(row.secret, previous);
      // Only the wrapped data key changes: nonce and sealed data are the same bytes.
      assert.deepEqual(row.secret.split('.').slice(3), previous.split('.').slice(3));
    }
    await assertAllReadable(tenant.id, inserted);

    const events = (await findKmsAuditEvents(tenant.id)).filter((event) => event.action === 'kms.rewrap');
    assert.deepEqual(
      events.map((event) => JSON.parse(event.payloadJson).phase),
      ['started', 'finished'],
    );
    assert.ok(events.every((event) => event.target === job.id));
  });

  test('a job whose runner dies mid-way resumes from its cursor and does not redo finished rows', async () => {
    const { tenant, inserted } = await seedRotatedTenant('rewrap-crash', 7, true);
    const job = await startRewrapJob(tenant.id, requester);
    let firstBatchCommitted!: (job: RewrapJob) => void;
    const committed = new Promise<RewrapJob>((resolve) => (firstBatchCommitted = resolve));
    // The first runner stops for good after its first batch, as if its process had been killed.
    void runRewrapJob(tenant.id, job.id, requester, { batchSize: 3, afterBatch: (progress) => (firstBatchCommitted(progress), new Promise<void>(() => {})) });
    const progress = await committed;
    assert.equal(progress.done, 3);
    const stalled = await getRewrapJob(tenant.id, job.id);
    assert.equal(stalled?.state, 'running');
    assert.equal(stalled?.done, 3);
    const afterCrash = await table.readRows(tenant.id);

    const resumed = await runRewrapJob(tenant.id, job.id, requester, { batchSize: 3 });
    assert.equal(resumed.state, 'succeeded');
    assert.equal(resumed.done, 7);
    const final = await table.readRows(tenant.id);
    const firstBatchIds = afterCrash.slice(0, 3).map((row) => row.id);
    for (const id of firstBatchIds) {
      assert.equal(final.find((row) => row.id === id)!.secret, afterCrash.find((row) => row.id === id)!.secret, 'finished rows are not redone');
    }
    assert.equal(new Set(final.map((row) => readMaterialId(row.secret))).size, 1, 'every row ends on the same, current material');
    await assertAllReadable(tenant.id, inserted);
  });

  test('KMS going down mid-job fails the job closed, records it, and a resume finishes it', async () => {
    const { tenant, inserted, before } = await seedRotatedTenant('rewrap-outage', 5, true);
    const job = await startRewrapJob(tenant.id, requester);
    await assert.rejects(runRewrapJob(tenant.id, job.id, requester, { batchSize: 2, afterBatch: () => kms.stopServer() }), KmsUnavailableError);
    const failed = await getRewrapJob(tenant.id, job.id);
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.done, 2);
    assert.match(failed?.error ?? '', /temporarily unavailable/);
    const untouched = (await table.readRows(tenant.id)).slice(2);
    assert.deepEqual(
      untouched.map((row) => row.secret),
      before.slice(2).map((row) => row.secret),
    );

    await kms.restartServer();
    const resumed = await runRewrapJob(tenant.id, job.id, requester, { batchSize: 2 });
    assert.equal(resumed.state, 'succeeded');
    assert.equal(resumed.done, 5);
    await assertAllReadable(tenant.id, inserted);
    const phases = (await findKmsAuditEvents(tenant.id))
      .filter((event) => event.action === 'kms.rewrap')
      .map((event) => [JSON.parse(event.payloadJson).phase, event.outcome]);
    assert.deepEqual(phases, [
      ['started', 'success'],
      ['failed', 'failure'],
      ['finished', 'success'],
    ]);
  });

  test('a driver failure mid-job shows the admins a plain sentence and a reference, never the driver text', async () => {
    const { tenant } = await seedRotatedTenant('rewrap-driver', 3, true);
    const job = await startRewrapJob(tenant.id, requester);
    const driverText = 'relation "tenant_0a0a.secrets" does not exist at character 15';
    await assert.rejects(
      runRewrapJob(tenant.id, job.id, requester, {
        batchSize: 1,
        afterBatch: () => {
          throw new Error(driverText);
        },
      }),
      { message: driverText },
    );
    const failed = await getRewrapJob(tenant.id, job.id);
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.error ?? '', /^The re-wrap job stopped on an unexpected error; resume it to continue\. Reference: [0-9a-f-]{36}$/);
    assert.ok(!failed?.error?.includes('relation'), 'no driver text');
  });

  test("another tenant's job is invisible (positive control: its own tenant sees it)", async () => {
    const { tenant } = await seedRotatedTenant('rewrap-owner', 1, false);
    const other = await createTestTenant('rewrap-other');
    const job = await startRewrapJob(tenant.id, requester);
    assert.ok(await getRewrapJob(tenant.id, job.id));
    assert.equal(await getRewrapJob(other.id, job.id), null);
    await assert.rejects(runRewrapJob(other.id, job.id, requester));
    await runRewrapJob(tenant.id, job.id, requester);
  });
});
