import { disabled, invalidState, KmsProtocolError, notFound, validation } from './errors';
import type { KeyRecord, KeyStore } from './key-store';

/** What every operation handler gets: the store, the caller's region (from its SigV4 scope) and the clock. */
export interface OperationContext {
  store: KeyStore;
  region: string;
  now: () => number;
}

export type OperationInput = Record<string, unknown>;
export type Operation = (input: OperationInput, context: OperationContext) => object;

/** Local keys live in one fixed pretend account. */
export const accountId = '000000000000';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function getKeyArn(context: OperationContext, keyId: string) {
  return `arn:aws:kms:${context.region}:${accountId}:key/${keyId}`;
}

export function getAliasArn(context: OperationContext, aliasName: string) {
  return `arn:aws:kms:${context.region}:${accountId}:${aliasName}`;
}

/** Accepts what AWS accepts as a KeyId: key id, key ARN, alias name or alias ARN. */
export function resolveKey(context: OperationContext, identifier: string, { allowAlias = true } = {}): KeyRecord {
  const arnMatch = /^arn:aws:kms:[^:]*:(\d{12}):(.+)$/.exec(identifier);
  if (arnMatch && arnMatch[1] !== accountId) throw notFound(`Key '${identifier}'`);
  const name = arnMatch ? arnMatch[2] : identifier;
  let keyId = name.startsWith('key/') ? name.slice(4) : name;
  if (name.startsWith('alias/')) {
    if (!allowAlias) throw validation('An alias is not allowed here; use a key id or key ARN.');
    const alias = context.store.getAlias(name);
    if (!alias) throw notFound(`Alias '${getAliasArn(context, name)}'`);
    keyId = alias.targetKeyId;
  }
  const key = uuidPattern.test(keyId) ? context.store.getKey(keyId) : undefined;
  if (!key) throw notFound(`Key '${getKeyArn(context, keyId)}'`);
  return key;
}

/** Cryptographic operations need an Enabled key; the error says which state blocked it. */
export function assertKeyUsable(context: OperationContext, key: KeyRecord) {
  if (key.state === 'Disabled') throw disabled(getKeyArn(context, key.keyId));
  if (key.state !== 'Enabled') throw invalidState(getKeyArn(context, key.keyId), key.state);
}

export function assertNotPendingDeletion(context: OperationContext, key: KeyRecord) {
  if (key.state === 'PendingDeletion') throw invalidState(getKeyArn(context, key.keyId), key.state);
}

export function describeKeyMetadata(context: OperationContext, key: KeyRecord) {
  return {
    AWSAccountId: accountId,
    KeyId: key.keyId,
    Arn: getKeyArn(context, key.keyId),
    CreationDate: key.createdAt / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    DeletionDate: key.deletionDate === undefined ? undefined : key.deletionDate / 1000,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}

export function requireString(input: OperationInput, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) throw validation(`${field} is required.`);
  return value;
}

/** Blobs travel as base64 in JSON 1.1. */
export function requireBlob(input: OperationInput, field: string, maxBytes: number): Buffer {
  const bytes = Buffer.from(requireString(input, field), 'base64');
  if (bytes.length === 0 || bytes.length > maxBytes) throw validation(`${field} must be 1 to ${maxBytes} bytes.`);
  return bytes;
}

export function unsupported(message: string) {
  return new KmsProtocolError('UnsupportedOperationException', message);
}
