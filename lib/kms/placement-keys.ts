import 'server-only';
import { EnableKeyRotationCommand, ListAliasesCommand, RotateKeyOnDemandCommand, type AliasListEntry } from '@aws-sdk/client-kms';
import { emitKeyEvent } from './key-events';
import { getPlacementKeyAliasPrefix, normalizeTenantId } from './key-owner';
import { describeKey, type KeyInfo } from './key-provider';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { sendKmsCommand } from './send-kms-command';

/**
 * Crypto-shreds one placement key: schedules its deletion. KMS refuses every use of a key pending
 * deletion at once (KMSInvalidStateException), so every copy of the data sealed under it, backups
 * included, stops decrypting now, and the material is gone for good after the window (7 to 30
 * days; until then only KMS's CancelKeyDeletion could undo it). Drops this process's cached data
 * keys of the tenant; other processes' caches age out within the data-key max age. Idempotent: a
 * key already pending deletion is returned as it is; a key already deleted returns null.
 * @throws KmsError when KMS cannot be asked or refuses (the caller retries: nothing is assumed shredded)
 */
export async function shredPlacementKey(tenantId: string, keyId: string, { pendingWindowInDays = 7 } = {}): Promise<KeyInfo | null> {
  const scope = { tenantId: normalizeTenantId(tenantId) };
  const key = await describeKey(keyId, scope);
  if (!key) return null;
  if (key.state === 'PendingDeletion') return key;
  return scheduleKeyDeletion(key, scope.tenantId, pendingWindowInDays);
}

/**
 * Every placement key of the tenant that KMS still holds (live, disabled or pending deletion),
 * found by alias prefix, so keys of copies being built and keys orphaned by a crash are found too.
 * One ListAliases page per 100 aliases of the account, then one DescribeKey per key.
 */
export async function findPlacementKeys(tenantId: string): Promise<KeyInfo[]> {
  const scope = { tenantId: normalizeTenantId(tenantId) };
  const prefix = getPlacementKeyAliasPrefix(scope.tenantId);
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await sendKmsCommand('ListAliases', (client) => client.send(new ListAliasesCommand({ Limit: 100, Marker: marker })), scope);
    aliases.push(...(page.Aliases ?? []).filter((alias) => alias.AliasName?.startsWith(prefix) && alias.TargetKeyId));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  const keys: KeyInfo[] = [];
  for (const alias of aliases) {
    const key = await describeKey(alias.TargetKeyId!, scope);
    if (key) keys.push({ ...key, alias: alias.AliasName! });
  }
  return keys;
}

/** Shreds every placement key of the tenant not already pending deletion (offboarding). */
export async function shredPlacementKeys(tenantId: string): Promise<KeyInfo[]> {
  const shredded: KeyInfo[] = [];
  for (const key of await findPlacementKeys(tenantId)) {
    const result = key.state === 'PendingDeletion' ? key : await shredPlacementKey(tenantId, key.keyId);
    if (result) shredded.push({ ...result, alias: key.alias });
  }
  return shredded;
}

/** Gives each enabled placement key of the tenant new material now (with the tenant key's rotation). */
export async function rotatePlacementKeys(tenantId: string): Promise<KeyInfo[]> {
  return forEachEnabledPlacementKey(tenantId, async (key, scope) => {
    await sendKmsCommand('RotateKeyOnDemand', (client) => client.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })), scope);
    emitKeyEvent({ type: 'key_rotated', ...scope, keyId: key.keyId });
  });
}

/** Turns on automatic rotation for each enabled placement key of the tenant (with the tenant key's). */
export async function enablePlacementKeyRotation(tenantId: string, periodDays: number): Promise<KeyInfo[]> {
  return forEachEnabledPlacementKey(tenantId, async (key, scope) => {
    await sendKmsCommand(
      'EnableKeyRotation',
      (client) => client.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: periodDays })),
      scope,
    );
    emitKeyEvent({ type: 'key_rotation_enabled', ...scope, keyId: key.keyId });
  });
}

async function forEachEnabledPlacementKey(tenantId: string, work: (key: KeyInfo, scope: { tenantId: string }) => Promise<void>): Promise<KeyInfo[]> {
  const scope = { tenantId: normalizeTenantId(tenantId) };
  const keys = (await findPlacementKeys(scope.tenantId)).filter((key) => key.state === 'Enabled');
  for (const key of keys) await work(key, scope);
  return keys;
}
