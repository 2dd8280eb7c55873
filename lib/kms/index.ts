import 'server-only';
/**
 * lib/kms: per-tenant keys through @aws-sdk/client-kms (AWS KMS, or the local server in
 * scripts/local-kms), envelope encryption with a bounded data-key cache, failing closed.
 */
export { encryptForTenant, decryptForTenant, PURPOSES, type EnvelopeScope, type Purpose } from './envelope';
export { rewrapCiphertext, type RewrapScope, type RewrapMemo } from './rewrap';
export { readEnvelopeKeyId, envelopeVersion } from './envelope-format';
export { ensurePlatformKey, ensureTenantKey, ensurePlacementKey, describeKey, getTenantKey, type KeyInfo } from './key-provider';
export { shredPlacementKey, shredPlacementKeys, findPlacementKeys } from './placement-keys';
export { rotateTenantKey, rotatePlatformKey, enableTenantKeyRotation, disableTenantKey, scheduleTenantKeyDeletion, shredTenantKey } from './key-lifecycle';
export { selectKeyOwner, getTenantKeyAlias, getPlacementKeyAlias, platformKeyAlias, type KeyOwner } from './key-owner';
export { purgeTenant, getDataKeyCacheStats } from './data-keys';
export { getKmsCallCounts, resetKmsCallCounts, type KmsCallCounts } from './call-counts';
export { onKeyEvent, type KeyEvent, type KeyEventType } from './key-events';
export { applyKeyPolicies, isKeyBoundToTenant, type KeyPolicyOutcome } from './apply-key-policies';
export { readKmsConfig, assertKmsConfigured, type KmsConfig } from './config';
export { resetKmsState } from './reset-kms';
export * from './errors';
export { getTenantDataKeyCacheStats } from './data-keys';
export { getLastKeyUse, type KeyUse } from './key-usage';
export { ensureKeysForTiers } from './ensure-keys-for-tiers';
export { getTenantKeyStatus, getKeyRotationStatus, type TenantKeyStatus, type KeyRotationStatus } from './get-tenant-key-status';
export { registerEncryptedColumn, findEncryptedColumns, type EncryptedColumn, type RegisteredColumn } from './encrypted-columns';
