import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { exportPublicKey } from '@/lib/audit/checkpoint-key';
import { getCheckpointPublicKey } from '@/lib/audit/checkpoint-signer';
import { makePrincipal } from '@/lib/audit/store/db-test-helpers';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { ForbiddenError } from '@/lib/errors';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createTestTenant } from '@/lib/testing/fixtures';
import { registerKeyEventAuditing } from '@/lib/audit/audit-key-events';
import { verifyDeletionReceipt, type DeletionReceiptDocument } from './deletion-receipt';
import { getDeletionReceipt } from './deletion-receipt-store';
import { ensureKeysForTiers } from '@/lib/kms/ensure-keys-for-tiers';
import { decryptForTenant, encryptForTenant } from '@/lib/kms/envelope';
import { KmsKeyDisabledError, KmsKeyPendingDeletionError } from '@/lib/kms/errors';
import { getTenantKey } from '@/lib/kms/key-provider';
import { createEncryptedTestTable, findKmsAuditEvents, type EncryptedTestTable } from '@/lib/kms/lifecycle-test-helpers';
import { NoTenantKeyError, offboardTenantKeys } from './offboard-tenant-keys';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';

const ownKeyTiers = { prompt: 'schema_kms', retrieval: 'namespace', logs: 'namespace' } as const;

// Tenant B is shredded while A holds on: A must not lose a byte, B must lose everything at once.
describe('offboarding by crypto-shredding (real Postgres, local KMS over HTTP)', () => {
  let kms: TestKms;
  let table: EncryptedTestTable;
  const admin = makePrincipal({ platformRole: 'platform_admin' });

  before(async () => {
    kms = await startTestKms();
    table = await createEncryptedTestTable('shred');
    registerKeyEventAuditing();
  });
  after(async () => {
    await table.drop();
    await kms.stop();
    await disconnectAllPrismaClients();
  });

  async function seedTenant(label: string, rows: number) {
    const tenant = await createTestTenant(label);
    await ensureKeysForTiers(tenant.id, ownKeyTiers);
    return { tenant, inserted: await table.insertRows(tenant.id, rows) };
  }

  const readRow = (tenantId: string, row: { id: string }, secret: string) => decryptForTenant({ tenantId, purpose: 'secret', recordId: row.id }, secret);

  test("shredding B makes B's rows unreadable at once, leaves A's readable, and stores a signed receipt", async () => {
    const a = await seedTenant('shred-a', 3);
    const b = await seedTenant('shred-b', 4);
    const bKey = (await getTenantKey(b.tenant.id))!;
    const bRows = await table.readRows(b.tenant.id);
    // Positive control: before offboarding, B's rows decrypt (the refusals below are not a broken harness).
    assert.equal((await readRow(b.tenant.id, bRows[0], bRows[0].secret)).toString(), b.inserted[0].plaintext);

    const { receiptId, receipt } = await offboardTenantKeys(admin, b.tenant.id, { requestId: 'shred-test' });

    for (const row of bRows) {
      await assert.rejects(
        readRow(b.tenant.id, row, row.secret),
        (error) => error instanceof KmsKeyPendingDeletionError || error instanceof KmsKeyDisabledError,
      );
    }
    await assert.rejects(
      encryptForTenant({ tenantId: b.tenant.id, purpose: 'secret', recordId: 'new' }, 'x'),
      KmsKeyPendingDeletionError,
      'no fresh key, no fallback',
    );
    for (const row of await table.readRows(a.tenant.id)) {
      assert.equal((await readRow(a.tenant.id, row, row.secret)).toString(), a.inserted.find((candidate) => candidate.id === row.id)!.plaintext);
    }
    assert.equal((await getTenantKey(a.tenant.id))?.state, 'Enabled');
    assert.equal((await getTenantKey(b.tenant.id))?.state, 'PendingDeletion');

    const status = await withPlatformSystemAccess('test', (tx) => tx.tenant.findUnique({ where: { id: b.tenant.id }, select: { status: true } }));
    assert.equal(status?.status, 'offboarded');
    assert.equal(receipt.statement.keyId, bKey.keyId);
    assert.equal(receipt.statement.tenantId, b.tenant.id);
    assert.deepEqual(
      receipt.statement.covered.find((entry) => entry.column === `public.${table.name}.secret`),
      { column: `public.${table.name}.secret`, purpose: 'secret', ciphertexts: 4 },
    );
    assert.equal(receipt.statement.requestedBy.userId, admin.userId);
    assert.ok(new Date(receipt.statement.deletionDate) > new Date(receipt.statement.disabledAt));

    const stored = await getDeletionReceipt(admin, receiptId);
    assert.deepEqual(stored, receipt);
    const trusted = (await getCheckpointPublicKey())!.publicKeyText;
    assert.equal(verifyDeletionReceipt(stored, { trustedPublicKey: trusted }), true);

    const actions = (await findKmsAuditEvents(b.tenant.id)).filter((event) => event.actorId === admin.userId).map((event) => event.action);
    for (const action of ['kms.key_disable', 'kms.key_deletion_schedule', 'kms.key_shred', 'kms.deletion_receipt'])
      assert.ok(actions.includes(action), `${action} in ${actions}`);
    assert.ok(!(await findKmsAuditEvents(a.tenant.id)).some((event) => event.action === 'kms.key_shred'), "A's chain records no shredding");
  });

  test('a tampered receipt, or one carrying another key, fails verification', async () => {
    const { tenant } = await seedTenant('shred-tamper', 2);
    const { receipt } = await offboardTenantKeys(admin, tenant.id, { requestId: 'tamper-test' });
    assert.equal(verifyDeletionReceipt(receipt), true);
    const edit = (change: (copy: DeletionReceiptDocument) => void) => {
      const copy = structuredClone(receipt);
      change(copy);
      return verifyDeletionReceipt(copy);
    };
    assert.equal(
      edit((copy) => (copy.statement.covered[0].ciphertexts += 1)),
      false,
    );
    assert.equal(
      edit((copy) => (copy.statement.deletionDate = new Date(0).toISOString())),
      false,
    );
    assert.equal(
      edit((copy) => Object.assign(copy.statement, { note: 'added' })),
      false,
    );
    assert.equal(
      edit((copy) => (copy.publicKey = exportPublicKey(generateKeyPairSync('ed25519').publicKey))),
      false,
    );
    const otherKey = exportPublicKey(generateKeyPairSync('ed25519').publicKey);
    assert.equal(verifyDeletionReceipt(receipt, { trustedPublicKey: otherKey }), false);
  });

  test('offboarding is for platform admins only, idempotent, and refused for tenants on the platform key', async () => {
    const { tenant } = await seedTenant('shred-guard', 1);
    await assert.rejects(offboardTenantKeys(makePrincipal(), tenant.id, { requestId: 'x' }), ForbiddenError);
    assert.equal((await getTenantKey(tenant.id))?.state, 'Enabled');

    const first = await offboardTenantKeys(admin, tenant.id, { requestId: 'first' });
    const second = await offboardTenantKeys(admin, tenant.id, { requestId: 'second' });
    assert.equal(second.receiptId, first.receiptId);

    const shared = await createTestTenant('shred-namespace');
    await assert.rejects(offboardTenantKeys(admin, shared.id, { requestId: 'x' }), NoTenantKeyError);
  });
});
