import { randomBytes } from 'node:crypto';
import { decryptBlob, encryptBlob, parseContext, readBlobHeader } from './crypto';
import { incorrectKey, invalidCiphertext, notFound, validation } from './errors';
import { assertPolicyAllows } from './key-policy';
import type { KeyRecord } from './key-store';
import {
  assertKeyUsable,
  getKeyArn,
  requireBlob,
  requireString,
  resolveKey,
  type OperationContext,
  type OperationInput,
  type Operation,
} from './operation-context';

const maxPlaintextBytes = 4096;
const maxCiphertextBytes = 6144;
const algorithm = 'SYMMETRIC_DEFAULT';

/** Encrypt, Decrypt, GenerateDataKey(WithoutPlaintext) and ReEncrypt. */
export const cryptoOperations: Record<string, Operation> = {
  Encrypt(input, context) {
    const key = resolveUsableKey(context, requireString(input, 'KeyId'));
    const plaintext = requireBlob(input, 'Plaintext', maxPlaintextBytes);
    return {
      CiphertextBlob: encryptUnder(context, key, plaintext, input.EncryptionContext, 'kms:Encrypt'),
      KeyId: getKeyArn(context, key.keyId),
      EncryptionAlgorithm: algorithm,
    };
  },

  Decrypt(input, context) {
    const { key, plaintext } = decryptFrom(context, input, 'CiphertextBlob', 'EncryptionContext', 'KeyId', 'kms:Decrypt');
    return { KeyId: getKeyArn(context, key.keyId), Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: algorithm };
  },

  GenerateDataKey(input, context) {
    const key = resolveUsableKey(context, requireString(input, 'KeyId'));
    const dataKey = randomBytes(readDataKeyLength(input));
    const CiphertextBlob = encryptUnder(context, key, dataKey, input.EncryptionContext, 'kms:GenerateDataKey');
    return { CiphertextBlob, Plaintext: dataKey.toString('base64'), KeyId: getKeyArn(context, key.keyId) };
  },

  GenerateDataKeyWithoutPlaintext(input, context) {
    const key = resolveUsableKey(context, requireString(input, 'KeyId'));
    return {
      CiphertextBlob: encryptUnder(context, key, randomBytes(readDataKeyLength(input)), input.EncryptionContext, 'kms:GenerateDataKeyWithoutPlaintext'),
      KeyId: getKeyArn(context, key.keyId),
    };
  },

  ReEncrypt(input, context) {
    const source = decryptFrom(context, input, 'CiphertextBlob', 'SourceEncryptionContext', 'SourceKeyId', 'kms:ReEncryptFrom');
    const destination = resolveUsableKey(context, requireString(input, 'DestinationKeyId'));
    return {
      CiphertextBlob: encryptUnder(context, destination, source.plaintext, input.DestinationEncryptionContext, 'kms:ReEncryptTo'),
      SourceKeyId: getKeyArn(context, source.key.keyId),
      KeyId: getKeyArn(context, destination.keyId),
      SourceEncryptionAlgorithm: algorithm,
      DestinationEncryptionAlgorithm: algorithm,
    };
  },
};

function resolveUsableKey(context: OperationContext, identifier: string) {
  const key = resolveKey(context, identifier);
  assertKeyUsable(context, key);
  return key;
}

function encryptUnder(context: OperationContext, key: KeyRecord, plaintext: Buffer, encryptionContext: unknown, action: string): string {
  const parsedContext = parseContext(encryptionContext);
  assertPolicyAllows(key.policy, action, getKeyArn(context, key.keyId), parsedContext);
  const current = context.store.getCurrentMaterial(key);
  return encryptBlob({ keyId: key.keyId, materialId: current.id }, current.material, plaintext, parsedContext).toString('base64');
}

/**
 * The key comes from the blob, as in AWS; a KeyId in the request must name that same key
 * (IncorrectKeyException otherwise), which is how a caller pins decryption to the key it expects.
 */
function decryptFrom(context: OperationContext, input: OperationInput, blobField: string, contextField: string, keyField: string, action: string) {
  const blob = requireBlob(input, blobField, maxCiphertextBytes);
  const encryptionContext = parseContext(input[contextField]);
  const header = readBlobHeader(blob);
  const expected = input[keyField] === undefined ? undefined : resolveKey(context, String(input[keyField]));
  if (expected && expected.keyId !== header.keyId) throw incorrectKey();
  const key = context.store.getKey(header.keyId);
  if (!key) throw notFound(`Key '${getKeyArn(context, header.keyId)}'`);
  assertKeyUsable(context, key);
  assertPolicyAllows(key.policy, action, getKeyArn(context, key.keyId), encryptionContext);
  if (!key.materials.some((material) => material.id === header.materialId)) throw invalidCiphertext();
  return { key, plaintext: decryptBlob(blob, context.store.getMaterial(key, header.materialId), encryptionContext) };
}

function readDataKeyLength(input: OperationInput): number {
  if (input.NumberOfBytes !== undefined) {
    const bytes = Number(input.NumberOfBytes);
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) throw validation('NumberOfBytes must be 1 to 1024.');
    return bytes;
  }
  if (input.KeySpec === 'AES_256') return 32;
  if (input.KeySpec === 'AES_128') return 16;
  throw validation('Specify KeySpec (AES_256 or AES_128) or NumberOfBytes.');
}
