import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { exportPublicKey } from '@/lib/audit/checkpoint-key';
import { buildPlatformStatementBytes } from '@/lib/audit/platform-statement';
import { DELETION_RECEIPT_KIND, serializeDeletionReceipt, verifyDeletionReceipt, type DeletionReceiptStatement } from './deletion-receipt';

const statement: DeletionReceiptStatement = {
  kind: DELETION_RECEIPT_KIND,
  version: 1,
  tenantId: '7c1f9c4e-2b8a-4d55-9d43-1a2b3c4d5e6f',
  tenantSlug: 'acme',
  keyId: '0b8f4a4e-5a36-4b8e-9f43-0e1d2c3b4a59',
  keyArn: 'arn:aws:kms:us-east-1:000000000000:key/0b8f4a4e-5a36-4b8e-9f43-0e1d2c3b4a59',
  keyAlias: 'alias/bulkhead/tenant/7c1f9c4e-2b8a-4d55-9d43-1a2b3c4d5e6f',
  disabledAt: '2026-11-27T10:00:00.000Z',
  deletionDate: '2026-12-04T10:00:00.000Z',
  covered: [{ column: 'public.documents.body', purpose: 'document', ciphertexts: 12 }],
  requestedBy: { userId: 'b2a3c4d5-0000-4000-8000-000000000001', email: 'admin@example.com' },
  issuedAt: '2026-11-27T10:00:01.000Z',
};

function signAs(kind: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signature = sign(null, buildPlatformStatementBytes(kind, serializeDeletionReceipt(statement)), privateKey).toString('base64');
  return { algorithm: 'Ed25519' as const, statement, signature, signingKeyId: 'test', publicKey: exportPublicKey(publicKey) };
}

test('a receipt signed as a deletion receipt verifies, pinned to its key', () => {
  const receipt = signAs(DELETION_RECEIPT_KIND);
  assert.equal(verifyDeletionReceipt(receipt), true);
  assert.equal(verifyDeletionReceipt(receipt, { trustedPublicKey: receipt.publicKey }), true);
  assert.equal(verifyDeletionReceipt(JSON.parse(JSON.stringify(receipt))), true, 'survives a JSON round trip (download)');
});

test('the same key signing the same bytes as another kind of statement does not make a receipt', () => {
  assert.equal(verifyDeletionReceipt(signAs('audit.checkpoint')), false);
});

test('malformed documents are refused, not thrown on', () => {
  for (const value of [null, 'receipt', {}, { ...signAs(DELETION_RECEIPT_KIND), signature: '!!' }, { ...signAs(DELETION_RECEIPT_KIND), algorithm: 'RSA' }]) {
    assert.equal(verifyDeletionReceipt(value), false);
  }
});
