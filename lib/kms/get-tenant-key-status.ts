import 'server-only';
import { GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import type { LayerTiers } from '@/lib/policy/types';
import { getTenantDataKeyCacheStats } from './data-keys';
import { KmsError } from './errors';
import { normalizeTenantId, selectKeyOwner, type KeyOwner } from './key-owner';
import { ensurePlatformKey, getTenantKey, type KeyInfo } from './key-provider';
import { getLastKeyUse, type KeyUse } from './key-usage';
import { sendKmsCommand } from './send-kms-command';

export interface KeyRotationStatus {
  isEnabled: boolean;
  periodDays?: number;
  nextRotationDate?: Date;
}

/** Everything the console's key panel shows about one tenant's key. */
export interface TenantKeyStatus {
  /** Whose key the tiers call for. */
  owner: KeyOwner;
  /** The tenant's own key if it has one (whatever the tiers say now), else the platform key when that is the owner. */
  key: KeyInfo | null;
  isOwnKey: boolean;
  /** The tiers call for a tenant key and none exists yet (ensureKeysForTiers creates it). */
  needsOwnKey: boolean;
  rotation: KeyRotationStatus | null;
  /** This process's data-key cache, for this tenant only. */
  cache: { hits: number; misses: number; size: number };
  lastUse: KeyUse | null;
  /** KMS could not be asked (message safe to show); the other fields are then partial. */
  error: string | null;
}

/**
 * Reads the tenant's key state from KMS (DescribeKey, GetKeyRotationStatus) and this process's
 * figures. Never creates the tenant's key; a KMS failure is reported in `error`, not thrown, so the
 * page still renders.
 */
export async function getTenantKeyStatus(tenantId: string, tiers: LayerTiers): Promise<TenantKeyStatus> {
  const id = normalizeTenantId(tenantId);
  const owner = selectKeyOwner(tiers);
  const status: TenantKeyStatus = {
    owner,
    key: null,
    isOwnKey: false,
    needsOwnKey: false,
    rotation: null,
    cache: getTenantDataKeyCacheStats(id),
    lastUse: getLastKeyUse(id),
    error: null,
  };
  try {
    const ownKey = await getTenantKey(id);
    status.isOwnKey = ownKey !== null;
    status.needsOwnKey = owner === 'tenant' && ownKey === null;
    status.key = ownKey ?? (owner === 'platform' ? await ensurePlatformKey() : null);
    if (status.key) status.rotation = await getKeyRotationStatus(status.key.keyId, ownKey ? id : undefined);
  } catch (error) {
    if (!(error instanceof KmsError)) throw error;
    status.error = error.message;
  }
  return status;
}

/** KMS's automatic-rotation setting for a key. */
export async function getKeyRotationStatus(keyId: string, tenantId?: string): Promise<KeyRotationStatus> {
  const output = await sendKmsCommand('GetKeyRotationStatus', (client) => client.send(new GetKeyRotationStatusCommand({ KeyId: keyId })), { tenantId });
  return { isEnabled: output.KeyRotationEnabled ?? false, periodDays: output.RotationPeriodInDays, nextRotationDate: output.NextRotationDate };
}
