/**
 * lib/kms: per-tenant keys through @aws-sdk/client-kms (AWS KMS, or the local server in
 * scripts/local-kms), envelope encryption with a bounded data-key cache, failing closed.
 */
export { encryptForTenant, decryptForTenant, PURPOSES, type EnvelopeScope, type Purpose } from './envelope';
export { rewrapCiphertext, type RewrapScope, type RewrapMemo } from './rewrap';
export { readEnvelopeKeyId, envelopeVersion } from './envelope-format';
export { ensurePlatformKey, ensureTenantKey, getTenantKey, type KeyInfo } from './key-provider';
export {
  rotateTenantKey,
  rotatePlatformKey,
  enableTenantKeyRotation,
  disableTenantKey,
  scheduleTenantKeyDeletion,
  shredTenantKey,
} from './key-lifecycle';
export { selectKeyOwner, getTenantKeyAlias, platformKeyAlias, type KeyOwner } from './key-owner';
export { purgeTenant, getDataKeyCacheStats } from './data-keys';
export { getKmsCallCounts, resetKmsCallCounts, type KmsCallCounts } from './call-counts';
export { onKeyEvent, type KeyEvent, type KeyEventType } from './key-events';
export { readKmsConfig, type KmsConfig } from './config';
export { resetKmsState } from './reset-kms';
export * from './errors';
