import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsApp, connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { verifyCheckpointSignature } from '../checkpoint';
import { CheckpointKeyError, unsealPrivateKey } from '../checkpoint-key';
import { getCheckpointKeyEncryptionKey, getCheckpointPublicKey, getCheckpointSigner } from '../checkpoint-signer';
import { getAuditChainStore, toCheckpoint } from './chain-store';
import { createCheckpoint, createCheckpointIfDue } from './create-checkpoint';
import { appendTestEvents, tamperAsOwner } from './db-test-helpers';
import { verifyTenantChain } from './verify-tenant-chain';

describe('signed checkpoints', () => {
  after(() => disconnectAllPrismaClients());

  test('one platform signing key, stored sealed under the KEK and readable by the platform role only', async () => {
    const [first, second] = await Promise.all([getCheckpointSigner(), getCheckpointSigner()]);
    assert.equal(first.keyId, second.keyId);
    const owner = await connectAsOwner();
    const app = await connectAsApp();
    try {
      const { rows } = await owner.query('SELECT id, sealed_private_key FROM audit_signing_keys WHERE retired_at IS NULL');
      assert.equal(rows.length, 1);
      assert.equal(rows[0].id, first.keyId);
      assert.match(rows[0].sealed_private_key, /^bulkhead-sealed-ed25519\.v1\./);
      const unsealed = unsealPrivateKey(rows[0].sealed_private_key, getCheckpointKeyEncryptionKey(), rows[0].id);
      assert.deepEqual(unsealed.export({ format: 'der', type: 'pkcs8' }), first.privateKey.export({ format: 'der', type: 'pkcs8' }));
      assert.throws(() => unsealPrivateKey(rows[0].sealed_private_key, Buffer.alloc(32, 7), rows[0].id), CheckpointKeyError);
      assert.throws(() => unsealPrivateKey(rows[0].sealed_private_key, getCheckpointKeyEncryptionKey(), 'another key id'), CheckpointKeyError);
      await assert.rejects(app.query('SELECT sealed_private_key FROM audit_signing_keys'), /permission denied/);
    } finally {
      await Promise.all([owner.end(), app.end()]);
    }
  });

  test('a checkpoint signs the head, links to the one before, and is not repeated while the head stands still', async () => {
    const tenant = await createTestTenant('checkpoint-sign');
    const key = (await getCheckpointSigner()).publicKey;
    await appendTestEvents(tenant.id, 5, 'checkpoint-sign');
    const first = await createCheckpoint(tenant.id);
    assert.deepEqual([first.seq, first.prevSignature], [5, null]);
    assert.equal(verifyCheckpointSignature(toCheckpoint(first), key), true);
    assert.equal((await createCheckpoint(tenant.id)).signature, first.signature, 'nothing new to sign');

    const events = await appendTestEvents(tenant.id, 3, 'checkpoint-sign-2');
    const second = await createCheckpoint(tenant.id);
    assert.deepEqual([second.seq, second.headHash, second.prevSignature], [8, events.at(-1)!.hash, first.signature]);
    assert.equal(verifyCheckpointSignature(toCheckpoint({ ...second, seq: 7 }), key), false, 'positive control: a changed body fails');
  });

  test('checkpointers racing appenders still form one linked checkpoint chain (no fork)', async () => {
    const tenant = await createTestTenant('checkpoint-race');
    await appendTestEvents(tenant.id, 1, 'checkpoint-race');
    // One checkpoint before the race and one after it: how the race interleaves on a busy machine
    // decides how many it adds, never whether the chain has several to link.
    await createCheckpoint(tenant.id);
    await Promise.all([
      ...Array.from({ length: 10 }, () => createCheckpoint(tenant.id)),
      ...Array.from({ length: 5 }, (_, index) => appendTestEvents(tenant.id, 2, `checkpoint-race-${index}`)),
    ]);
    await createCheckpoint(tenant.id);
    const checkpoints = await getAuditChainStore(tenant.id).findCheckpoints();
    assert.ok(checkpoints.length >= 2, `expected several checkpoints, got ${checkpoints.length}`);
    checkpoints.slice(1).forEach((checkpoint, index) => assert.equal(checkpoint.prevSignature, checkpoints[index].signature));
    const status = await verifyTenantChain(tenant.id, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);
  });

  test('periodic checkpoints come after N appends or T minutes, and not before', async () => {
    const tenant = await createTestTenant('checkpoint-due');
    const schedule = { everyEvents: 5, everyMs: 60_000 };
    assert.equal(await createCheckpointIfDue(tenant.id, schedule), null, 'nothing to sign in an empty chain');
    await appendTestEvents(tenant.id, 2, 'checkpoint-due');
    const first = await createCheckpointIfDue(tenant.id, schedule);
    assert.equal(first?.seq, 2, 'the first checkpoint of a chain is always due');
    await appendTestEvents(tenant.id, 3, 'checkpoint-due-2');
    assert.equal(await createCheckpointIfDue(tenant.id, schedule), null, '3 appends and no time: not due');
    assert.equal((await createCheckpointIfDue(tenant.id, schedule, new Date(Date.now() + 61_000)))?.seq, 5, 'a minute later: due');
    await appendTestEvents(tenant.id, 5, 'checkpoint-due-3');
    assert.equal((await createCheckpointIfDue(tenant.id, schedule, new Date(Date.now() + 62_000)))?.seq, 10, '5 appends: due');
  });

  test('the signer refuses to sign a head whose events were removed', async () => {
    const tenant = await createTestTenant('checkpoint-refuse');
    await appendTestEvents(tenant.id, 6, 'checkpoint-refuse');
    await tamperAsOwner((owner) => owner.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq > 4', [tenant.id]).then(() => {}));
    await assert.rejects(createCheckpoint(tenant.id), /does not match the stored event/);
    assert.equal((await getAuditChainStore(tenant.id).findCheckpoints()).length, 0);
  });

  test('verification needs only the public key', async () => {
    const publicKey = await getCheckpointPublicKey();
    assert.equal(publicKey?.keyId, (await getCheckpointSigner()).keyId);
  });
});
