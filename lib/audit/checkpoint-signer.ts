import 'server-only';
import { hkdfSync, type KeyObject } from 'node:crypto';
import { exportPublicKey, generateCheckpointKeyPair, getPublicKeyFingerprint, importPublicKey, sealPrivateKey, unsealPrivateKey } from './checkpoint-key';
import { getActiveSigningKeyRecord, insertSigningKeyRecord, type SigningKeyRecord } from './store/signing-keys';
import { env } from '@/lib/env';

/** Where the key-encryption key comes from; stored beside each sealed key so a later source can tell them apart. */
export const KEK_SOURCE = 'env:BULKHEAD_AUDIT_KEK';

export class CheckpointSignerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointSignerError';
  }
}

export interface CheckpointSigner {
  keyId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export interface CheckpointPublicKey {
  keyId: string;
  publicKey: KeyObject;
  /** base64 SPKI DER, as in export headers and for `audit:verify --public-key`. */
  publicKeyText: string;
}

/**
 * The 32-byte key that seals the checkpoint signing key, derived (HKDF-SHA256) from the
 * BULKHEAD_AUDIT_KEK secret, which scripts/services/local-stack.ts sets from .data/local-secrets.json.
 * This is the one function to change when lib/kms is ready: the KEK becomes a data key generated under
 * the platform KMS key, its ciphertext stored beside the sealed key and decrypted through KMS here.
 * @throws CheckpointSignerError when the secret is not configured
 */
export function getCheckpointKeyEncryptionKey(): Buffer {
  const secret = env.auditKeyEncryptionSecret;
  if (!secret) throw new CheckpointSignerError('BULKHEAD_AUDIT_KEK is not set: checkpoints cannot be signed. Start the console with "npm run demo" or set it.');
  return Buffer.from(hkdfSync('sha256', secret, 'bulkhead', 'audit checkpoint key-encryption key v1', 32));
}

let signer: Promise<CheckpointSigner> | undefined;

/**
 * The platform's checkpoint signing key, unsealed once per process. The first call on a fresh database
 * generates generation 1 and stores it sealed (the key id is bound into the seal, so a sealed key cannot
 * be swapped for another row's).
 * @throws CheckpointSignerError without a KEK; CheckpointKeyError when the KEK does not open the stored key
 */
export function getCheckpointSigner(): Promise<CheckpointSigner> {
  signer ??= loadSigner().catch((error) => {
    signer = undefined;
    throw error;
  });
  return signer;
}

/** The public half only: verification needs no KEK. Null before any key exists (so no checkpoint can either). */
export async function getCheckpointPublicKey(): Promise<CheckpointPublicKey | null> {
  const record = await getActiveSigningKeyRecord();
  return record && { keyId: record.id, publicKey: importPublicKey(record.publicKey), publicKeyText: record.publicKey };
}

async function loadSigner(): Promise<CheckpointSigner> {
  const keyEncryptionKey = getCheckpointKeyEncryptionKey();
  let record = await getActiveSigningKeyRecord();
  if (!record) {
    await insertSigningKeyRecord(createSigningKeyRecord(keyEncryptionKey, 1));
    record = await getActiveSigningKeyRecord();
    if (!record) throw new CheckpointSignerError('the checkpoint signing key could not be stored');
  }
  const privateKey = unsealPrivateKey(record.sealedPrivateKey, keyEncryptionKey, record.id);
  return { keyId: record.id, publicKey: importPublicKey(record.publicKey), privateKey };
}

function createSigningKeyRecord(keyEncryptionKey: Buffer, generation: number): SigningKeyRecord {
  const { publicKey, privateKey } = generateCheckpointKeyPair();
  const id = getPublicKeyFingerprint(publicKey);
  return {
    id,
    generation,
    publicKey: exportPublicKey(publicKey),
    sealedPrivateKey: sealPrivateKey(privateKey, keyEncryptionKey, id),
    kekSource: KEK_SOURCE,
  };
}
