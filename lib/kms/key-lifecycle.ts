import 'server-only';
import { DisableKeyCommand, EnableKeyRotationCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { getDataKeyCache, purgeTenant } from './data-keys';
import { KmsKeyNotFoundError } from './errors';
import { emitKeyEvent } from './key-events';
import { normalizeTenantId } from './key-owner';
import { ensurePlatformKey, getTenantKey, type KeyInfo } from './key-provider';
import { enablePlacementKeyRotation, rotatePlacementKeys } from './placement-keys';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { sendKmsCommand } from './send-kms-command';

/**
 * Gives the tenant's key new material now. New encryptions use it (this process drops its cached
 * encryption data keys at once; other processes within the data-key max age); existing
 * ciphertext keeps decrypting, and rewrapCiphertext moves stored data keys onto the new material.
 * The tenant's placement keys (lib/placement) are rotated with it: one rotation covers all its keys.
 */
export async function rotateTenantKey(tenantId: string): Promise<KeyInfo> {
  const key = await requireTenantKey(tenantId);
  const scope = { tenantId: normalizeTenantId(tenantId) };
  await sendKmsCommand('RotateKeyOnDemand', (client) => client.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), scope);
  await rotatePlacementKeys(scope.tenantId);
  getDataKeyCache().purgeTenant(scope.tenantId, 'encrypt');
  emitKeyEvent({ type: 'key_rotated', ...scope, keyId: key.keyId });
  return key;
}

/** Rotates the platform key on demand (see rotateTenantKey); cached data keys age out within the max age. */
export async function rotatePlatformKey(): Promise<KeyInfo> {
  const key = await ensurePlatformKey();
  await sendKmsCommand('RotateKeyOnDemand', (client) => client.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })));
  emitKeyEvent({ type: 'key_rotated', keyId: key.keyId });
  return key;
}

/**
 * Turns on KMS automatic rotation for the tenant's key and its current placement keys (every
 * `periodDays`, 90 to 2560). A placement key created later starts without it: enable it again.
 */
export async function enableTenantKeyRotation(tenantId: string, periodDays = 365): Promise<void> {
  const key = await requireTenantKey(tenantId);
  const scope = { tenantId: normalizeTenantId(tenantId) };
  await sendKmsCommand(
    'EnableKeyRotation',
    (client) => client.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: periodDays })),
    scope,
  );
  await enablePlacementKeyRotation(scope.tenantId, periodDays);
  emitKeyEvent({ type: 'key_rotation_enabled', ...scope, keyId: key.keyId });
}

/** Disables the tenant's key: its data is unreadable and unwritable until someone enables the key again. */
export async function disableTenantKey(tenantId: string): Promise<KeyInfo> {
  const key = await requireTenantKey(tenantId);
  const scope = { tenantId: normalizeTenantId(tenantId) };
  if (key.state === 'Enabled') await sendKmsCommand('DisableKey', (client) => client.send(new DisableKeyCommand({ KeyId: key.keyId })), scope);
  purgeTenant(scope.tenantId);
  emitKeyEvent({ type: 'key_disabled', ...scope, keyId: key.keyId });
  return { ...key, state: key.state === 'Enabled' ? 'Disabled' : key.state };
}

/** Schedules deletion of the tenant's key after `pendingWindowInDays` (7 to 30); until then it can be cancelled in KMS. */
export async function scheduleTenantKeyDeletion(tenantId: string, pendingWindowInDays = 30): Promise<KeyInfo> {
  return scheduleKeyDeletion(await requireTenantKey(tenantId), normalizeTenantId(tenantId), pendingWindowInDays);
}

/**
 * Offboarding (crypto-shredding): disables the tenant's key, so everything encrypted under it is
 * unreadable at once, drops its cached data keys here, and schedules the key's deletion. Other
 * processes' caches hold the tenant's data keys for at most the data-key max age. Other tenants
 * are untouched: their keys and contexts are their own. Once KMS has deleted the key its alias is
 * gone too, and encryptForTenant would create a fresh key: the control plane must stop serving an
 * offboarded tenant.
 */
export async function shredTenantKey(tenantId: string, { pendingWindowInDays = 7 } = {}): Promise<KeyInfo> {
  const disabled = await disableTenantKey(tenantId);
  const scheduled = disabled.state === 'PendingDeletion' ? disabled : await scheduleTenantKeyDeletion(tenantId, pendingWindowInDays);
  emitKeyEvent({ type: 'tenant_key_shredded', tenantId: normalizeTenantId(tenantId), keyId: scheduled.keyId, deletionDate: scheduled.deletionDate });
  return scheduled;
}

async function requireTenantKey(tenantId: string): Promise<KeyInfo> {
  const key = await getTenantKey(tenantId);
  if (!key) throw new KmsKeyNotFoundError();
  return key;
}
