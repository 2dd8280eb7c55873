import 'server-only';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { KmsKeyNotFoundError } from './errors';
import { emitKeyEvent } from './key-events';
import { getPlacementKeyAlias, getTenantKeyAlias, normalizeTenantId, platformKeyAlias } from './key-owner';
import { buildKeyPolicy } from './key-policy';
import { sendKmsCommand, type KmsCallScope } from './send-kms-command';

/** What lib/kms tells callers about a key. */
export interface KeyInfo {
  keyId: string;
  arn: string;
  alias: string;
  /** Enabled, Disabled, PendingDeletion (or another AWS key state). */
  state: string;
  createdAt?: Date;
  deletionDate?: Date;
}

const pending = new Map<string, Promise<KeyInfo>>();

/** Returns the platform key (`alias/bulkhead/platform`), creating it on first use. */
export function ensurePlatformKey(): Promise<KeyInfo> {
  return ensureKey(platformKeyAlias, 'Bulkhead platform key', {});
}

/**
 * Returns the tenant's customer key (`alias/bulkhead/tenant/<tenantId>`), creating key and alias
 * when the tenant first needs one. A disabled or pending-deletion key is returned as it is, never
 * replaced: an offboarded tenant's data must stay unreadable.
 */
export function ensureTenantKey(tenantId: string): Promise<KeyInfo> {
  const id = normalizeTenantId(tenantId);
  return ensureKey(getTenantKeyAlias(id), `Bulkhead tenant ${id}`, { tenantId: id });
}

/**
 * Returns the key of one placement generation (see getPlacementKeyAlias), creating key and alias
 * the first time: repeating it after a crash finds the key already made instead of making another.
 * Its state is returned as it is (a pending-deletion key is never replaced).
 */
export function ensurePlacementKey(tenantId: string, layer: string, generation: string): Promise<KeyInfo> {
  const id = normalizeTenantId(tenantId);
  return ensureKey(getPlacementKeyAlias(id, layer, generation), `Bulkhead tenant ${id} placement ${layer}`, { tenantId: id });
}

/** A key by id or alias as KMS sees it now, or null if there is no such key (any more). */
export function describeKey(keyIdOrAlias: string, scope: KmsCallScope = {}): Promise<KeyInfo | null> {
  return describeAlias(keyIdOrAlias, scope);
}

/** The tenant's key as KMS sees it now, or null if it has none (never created, or deleted). */
export async function getTenantKey(tenantId: string): Promise<KeyInfo | null> {
  const id = normalizeTenantId(tenantId);
  return describeAlias(getTenantKeyAlias(id), { tenantId: id });
}

async function describeAlias(alias: string, scope: KmsCallScope): Promise<KeyInfo | null> {
  try {
    const output = await sendKmsCommand('DescribeKey', (client) => client.send(new DescribeKeyCommand({ KeyId: alias })), scope);
    return toKeyInfo(alias, output.KeyMetadata!);
  } catch (error) {
    if (error instanceof KmsKeyNotFoundError) return null;
    throw error;
  }
}

// Concurrent callers for the same alias share one lookup, so a burst of first requests creates one key.
function ensureKey(alias: string, description: string, scope: KmsCallScope): Promise<KeyInfo> {
  let promise = pending.get(alias);
  if (!promise) {
    promise = (async () => (await describeAlias(alias, scope)) ?? createAliasedKey(alias, description, scope))();
    pending.set(alias, promise);
    void promise.finally(() => pending.delete(alias)).catch(() => {});
  }
  return promise;
}

async function createAliasedKey(alias: string, description: string, scope: KmsCallScope): Promise<KeyInfo> {
  const created = await sendKmsCommand('CreateKey', (client) => client.send(new CreateKeyCommand({ Description: description })), scope);
  const keyId = created.KeyMetadata!.KeyId!;
  try {
    // Before the alias exists no one can find the key, so nothing is ever encrypted under the default policy.
    const policy = buildKeyPolicy(created.KeyMetadata!.Arn!, scope.tenantId);
    await sendKmsCommand('PutKeyPolicy', (client) => client.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy })), scope);
  } catch (error) {
    await retireKey(keyId, scope);
    throw error;
  }
  try {
    await sendKmsCommand('CreateAlias', (client) => client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId })), scope);
  } catch (error) {
    // Either another process created the alias first, or ours was created and only the answer was lost.
    const winner = await describeAlias(alias, scope);
    if (!winner) throw error;
    if (winner.keyId !== keyId) {
      // Ours lost the race and protects nothing.
      await retireKey(keyId, scope);
      return winner;
    }
  }
  emitKeyEvent({ type: 'key_created', tenantId: scope.tenantId, keyId });
  return toKeyInfo(alias, created.KeyMetadata!);
}

/** Schedules deletion of a key no alias names (best effort: an orphan key holds no data). */
async function retireKey(keyId: string, scope: KmsCallScope) {
  await sendKmsCommand('ScheduleKeyDeletion', (client) => client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })), scope).catch(
    () => {},
  );
}

function toKeyInfo(alias: string, metadata: KeyMetadata): KeyInfo {
  return {
    keyId: metadata.KeyId!,
    arn: metadata.Arn!,
    alias,
    state: metadata.KeyState ?? 'Unknown',
    createdAt: metadata.CreationDate,
    deletionDate: metadata.DeletionDate,
  };
}
