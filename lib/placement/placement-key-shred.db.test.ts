import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DecryptCommand } from '@aws-sdk/client-kms';
import { makePrincipal } from '@/lib/audit/store/db-test-helpers';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import {
  describeKey,
  findPlacementKeys,
  getTenantKey,
  KmsDecryptError,
  KmsKeyPendingDeletionError,
  KmsUnavailableError,
  resetKmsState,
  rotateTenantKey,
} from '@/lib/kms';
import { offboardTenantKeys } from '@/lib/control/keys/offboard-tenant-keys';
import { verifyDeletionReceipt } from '@/lib/control/keys/deletion-receipt';
import { parseEnvelope } from '@/lib/kms/envelope-format';
import { readMaterialId } from '@/lib/kms/lifecycle-test-helpers';
import { createTestKmsClient, startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { getLatestDataPlaneMigration } from './data-plane-migrations';
import { findPlacementKeyStatus } from './find-placement-key-status';
import { getPlacement, type Placement } from './get-placement';
import { countLayerRows } from './layer-rows';
import { migrateLayer } from './migrate-layer';
import { getRunningOperation } from './operation-ledger';
import { getTargetPlacement } from './placement-target-spec';
import { closePlacementPools } from './pool-registry-instance';
import { provisionPlacement, savePlacement } from './provision-placement';
import { openField, sealField } from './sealed-fields';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { upgradeSharedSchema } from './upgrade-placements';
import { withTenantData } from './with-tenant-data';

/** One sealed cell as an attacker with a backup of the copy would hold it. */
interface StolenCell {
  ref: { table: string; column: string; rowId: string };
  ciphertext: string;
  plaintext: string;
}

async function stealCell(placement: Placement): Promise<StolenCell> {
  const row = await withTenantData(placement.tenantId, 'prompt', (tx) => tx.promptVersion.findFirstOrThrow({ orderBy: { id: 'asc' } }));
  const ref = { table: 'prompt_versions', column: 'body', rowId: row.id };
  return { ref, ciphertext: row.body, plaintext: await openField(placement, ref, row.body) };
}

/** Asks KMS itself (through the SDK, no cache of ours) to unwrap the cell's data key, as a thief with KMS access would. */
function decryptThroughKms(kms: TestKms, tenantId: string, cell: StolenCell) {
  const envelope = parseEnvelope(cell.ciphertext);
  return createTestKmsClient(kms.server.url).send(
    new DecryptCommand({ CiphertextBlob: envelope.wrappedKey, EncryptionContext: { tenant_id: tenantId, purpose: 'prompt' }, KeyId: envelope.keyId }),
  );
}

const isPendingDeletion = (error: unknown) => (error as Error).name === 'KMSInvalidStateException' && /pending deletion/.test((error as Error).message);

describe('crypto-shredding the old copy of a moved layer (real Postgres, local KMS over HTTP)', () => {
  let kms: TestKms;
  let tenantId: string;
  let original: Awaited<ReturnType<typeof digestPlacement>>;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenantId = (await createTestTenant('shred')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 12, 's');
    original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
  });
  after(async () => {
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('each encrypted copy has its own key; moving schema_kms → dedicated shreds the old copy and keeps every row', async () => {
    const schemaCopy = (await migrateLayer(tenantId, 'prompt', 'schema_kms', { drainMs: 0 })).placement;
    const tenantKey = await getTenantKey(tenantId);
    assert.ok(schemaCopy.keyId, 'the schema_kms copy has a placement key');
    assert.notEqual(schemaCopy.keyId, tenantKey?.keyId);
    const stolen = await stealCell(schemaCopy);
    assert.equal(parseEnvelope(stolen.ciphertext).keyId, schemaCopy.keyId, 'sealed under the placement key, not the tenant key');
    // Positive control: before the move, the stolen cell decrypts through KMS itself.
    assert.ok((await decryptThroughKms(kms, tenantId, stolen)).Plaintext);

    const dedicatedCopy = (await migrateLayer(tenantId, 'prompt', 'dedicated', { drainMs: 0 })).placement;
    assert.ok(dedicatedCopy.keyId);
    assert.notEqual(dedicatedCopy.keyId, schemaCopy.keyId, 'the new copy is under a new key');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(dedicatedCopy)), [], 'every row, byte for byte');

    await assert.rejects(decryptThroughKms(kms, tenantId, stolen), isPendingDeletion);
    resetKmsState(); // no cached data key of ours may help either
    await assert.rejects(openField(schemaCopy, stolen.ref, stolen.ciphertext), KmsKeyPendingDeletionError);
    // Decryption is pinned to the key the placement names: the live copy's key does not open the old ciphertext.
    await assert.rejects(openField(dedicatedCopy, stolen.ref, stolen.ciphertext), KmsDecryptError);
    assert.equal((await describeKey(schemaCopy.keyId!))?.state, 'PendingDeletion');
    // The live copy still decrypts (through KMS: the cache was emptied above).
    const live = await stealCell(dedicatedCopy);
    assert.equal(live.plaintext, stolen.plaintext);
    assert.equal(parseEnvelope(live.ciphertext).keyId, dedicatedCopy.keyId);
  });

  test('moving dedicated → namespace shreds the dedicated copy; the audit trail names the shredded key', async () => {
    const dedicatedCopy = await getPlacement(tenantId, 'prompt');
    const stolen = await stealCell(dedicatedCopy);
    assert.ok((await decryptThroughKms(kms, tenantId, stolen)).Plaintext, 'positive control');
    const result = await migrateLayer(tenantId, 'prompt', 'namespace', { drainMs: 0 });
    assert.equal(result.placement.keyId, null);
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(result.placement)), []);
    await assert.rejects(decryptThroughKms(kms, tenantId, stolen), isPendingDeletion);
    const events = await withTenant(tenantId, (tx) =>
      tx.auditEvent.findMany({
        where: { tenantId, action: 'placement.migrate', target: 'prompt:destroy_old', outcome: 'success' },
        orderBy: { seq: 'asc' },
        select: { payloadJson: true },
      }),
    );
    const payload = events.at(-1)?.payloadJson;
    assert.equal((typeof payload === 'string' ? JSON.parse(payload) : payload)?.shreddedKeyId, dedicatedCopy.keyId);
  });

  test('a placement made before placement keys keeps the tenant key until it moves; its new copy gets a key of its own', async () => {
    const provisioned = await provisionPlacement(tenantId, 'retrieval', 'schema_kms');
    // As the upgrade leaves an older placement: no key of its own, rows under the tenant key.
    const legacy = { ...provisioned, keyId: null };
    await savePlacement(legacy);
    await seedRetrievalLayer(legacy, 8, 'legacy');
    const before = await digestPlacement(legacy);
    const tenantKey = await getTenantKey(tenantId);
    const chunk = await withTenantData(tenantId, 'retrieval', (tx) => tx.chunk.findFirstOrThrow());
    assert.equal(parseEnvelope(chunk.content).keyId, tenantKey?.keyId);

    const moved = (await migrateLayer(tenantId, 'retrieval', 'dedicated', { drainMs: 0 })).placement;
    assert.ok(moved.keyId);
    assert.deepEqual(findDigestDifferences(before, await digestPlacement(moved)), []);
    const movedChunk = await withTenantData(tenantId, 'retrieval', (tx) => tx.chunk.findUniqueOrThrow({ where: { id: chunk.id } }));
    assert.equal(parseEnvelope(movedChunk.content).keyId, moved.keyId, 'sealed again under the new placement key');
  });

  test("the keys page's list shows each copy's key: the destroyed ones shredded, the live one in use", async () => {
    const listed = await findPlacementKeyStatus(tenantId);
    const prompt = listed.filter((key) => key.layer === 'prompt');
    assert.deepEqual(
      prompt.map((key) => [key.tier, key.state, key.isInUse]),
      [
        ['dedicated', 'PendingDeletion', false],
        ['schema_kms', 'PendingDeletion', false],
      ],
    );
    const retrieval = await getPlacement(tenantId, 'retrieval');
    assert.deepEqual(listed.find((key) => key.keyId === retrieval.keyId)?.state, 'Enabled');
    assert.equal(listed.find((key) => key.keyId === retrieval.keyId)?.isInUse, true);
  });

  test('fails closed: with KMS down mid-copy nothing is written to the new copy; the resumed move completes', async () => {
    const source = await getPlacement(tenantId, 'retrieval');
    const before = await digestPlacement(source);
    const stopAtCopy = {
      drainMs: 0,
      beforeStep: async (step: string) => {
        if (step === 'copy') await kms.stopServer();
      },
    };
    await assert.rejects(migrateLayer(tenantId, 'retrieval', 'schema_kms', stopAtCopy), KmsUnavailableError);
    await kms.restartServer();
    const operation = await getRunningOperation(tenantId, 'retrieval');
    assert.ok(operation?.keyId, 'the new copy has its key already');
    assert.equal(await countLayerRows(getTargetPlacement(operation, getLatestDataPlaneMigration())), 0, 'the refused copy wrote nothing');
    assert.equal((await getPlacement(tenantId, 'retrieval')).tier, 'dedicated', 'still served from the old copy');
    const moved = (await migrateLayer(tenantId, 'retrieval', 'schema_kms', { drainMs: 0 })).placement;
    assert.deepEqual(findDigestDifferences(before, await digestPlacement(moved)), []);
    assert.equal((await describeKey(source.keyId!))?.state, 'PendingDeletion');
  });

  test('rotating the tenant key rotates its placement keys too', async () => {
    const placement = await getPlacement(tenantId, 'retrieval');
    const ref = { table: 'chunks', column: 'content', rowId: '00000000-0000-4000-8000-000000000001' };
    const beforeRotation = readMaterialId(await sealField(placement, ref, 'before'));
    await rotateTenantKey(tenantId);
    const afterRotation = readMaterialId(await sealField(placement, ref, 'after'));
    assert.notEqual(afterRotation, beforeRotation);
  });

  test('offboarding the tenant shreds every placement key it has, and the receipt lists them', async () => {
    const placement = await getPlacement(tenantId, 'retrieval');
    const chunk = await withTenantData(tenantId, 'retrieval', (tx) => tx.chunk.findFirstOrThrow());
    const ref = { table: 'chunks', column: 'content', rowId: chunk.id };
    assert.match(await openField(placement, ref, chunk.content), /legacy chunk/, 'positive control: readable before offboarding');
    assert.equal((await describeKey(placement.keyId!))?.state, 'Enabled');

    const { receipt } = await offboardTenantKeys(makePrincipal({ platformRole: 'platform_admin' }), tenantId, { requestId: 'shred-placement-keys' });

    const keys = await findPlacementKeys(tenantId);
    assert.ok(keys.length >= 5, 'prompt at schema_kms and dedicated; retrieval provisioned, moved to dedicated, back to schema_kms');
    assert.deepEqual([...new Set(keys.map((key) => key.state))], ['PendingDeletion']);
    assert.ok(receipt.statement.placementKeys?.some((key) => key.keyId === placement.keyId));
    assert.equal(verifyDeletionReceipt(receipt), true, 'the signed receipt covers the placement keys it lists');
    assert.equal(verifyDeletionReceipt({ ...receipt, statement: { ...receipt.statement, placementKeys: [] } }), false, 'positive control');
    resetKmsState();
    await assert.rejects(openField(placement, ref, chunk.content), KmsKeyPendingDeletionError);
  });
});
