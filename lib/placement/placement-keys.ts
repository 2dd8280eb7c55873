import 'server-only';
// Why every encrypted copy of a layer has a KMS key of its own.
//
// Destroying a copy must make every other copy of that data unreadable too: backups, snapshots,
// WAL archives and replicas of the schema or database it lived in, which we can neither list nor
// reach. So its sealed columns are under a key used by that copy alone, and destroying the copy
// schedules that key's deletion in KMS: from that moment KMS refuses the key
// (KMSInvalidStateException, "pending deletion"), whoever holds the ciphertext.
//
// The alternative was a per-placement key-encryption key, wrapped by the tenant key and stored in
// the control plane, deleted with the copy. It saves a KMS key per placement, but it shreds nothing:
// the wrapped key survives in every backup of the control plane, and the tenant key, still alive,
// unwraps it. Making the deletion real would need the control plane's backups purged too, which is
// the same problem again. A KMS key's deletion happens in one place, is logged by KMS, and cannot
// be undone once the window ends. Its costs (one key per encrypted copy of a layer, a CreateKey and
// CreateAlias at provisioning) are small next to that.
//
// What stays under the tenant key: the placement's role password and external URL (control-plane
// secrets, useless once the role is dropped), the logs layer (an audit payload's ciphertext is part
// of the hashed chain: sealing it again under another key would break every hash after it, so a
// log's old copy is dropped, not shredded, and becomes unreadable when the tenant key is), and
// placements provisioned before placement keys existed (key_id null: they keep the tenant key until
// they next move, when their new copy gets a key of its own).
import { describeKey, ensurePlacementKey, ensureTenantKey, shredPlacementKey } from '@/lib/kms';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { PlacementOperationError } from './errors';
import { getPlacement, type Placement } from './get-placement';
import { isEncryptedTier, type Layer, type Tier } from './layers';
import type { PlacementOperation } from './operation-ledger';
import type { StepPayload } from './run-steps';

/** Whether a copy of `layer` at `tier` seals its rows under a placement key of its own. */
export function hasPlacementKey(layer: Layer, tier: Tier): boolean {
  return isEncryptedTier(tier) && layer !== 'logs';
}

/**
 * The ensure_key step: the tenant key (the placement's secrets are sealed under it), and for a copy
 * that has one, its placement key, named after the operation and recorded on it (in the ledger row
 * and in `operation`) before anything is sealed under it. Idempotent: a rerun finds the key by its
 * alias. Provisioning an existing placement again keeps the key its rows are under.
 * @throws PlacementOperationError when the key exists but is not usable; KmsError (fail closed)
 */
export async function ensureOperationKey(operation: PlacementOperation): Promise<StepPayload> {
  const layer = operation.layer as Layer;
  const tenantKey = await ensureTenantKey(operation.tenantId);
  if (!hasPlacementKey(layer, operation.toTier)) return { tenantKeyId: tenantKey.keyId, keyId: null };
  if (!operation.keyId && (await isProvisionedBefore(operation))) return { tenantKeyId: tenantKey.keyId, keyId: null };
  const key = operation.keyId
    ? await describeKey(operation.keyId, { tenantId: operation.tenantId })
    : await ensurePlacementKey(operation.tenantId, layer, operation.id);
  if (key?.state !== 'Enabled') throw new PlacementOperationError(`This placement's encryption key is ${key ? key.state : 'gone'}; its data cannot be sealed.`);
  if (operation.keyId !== key.keyId) {
    await withPlatformSystemAccess('placement worker: record placement key', (tx) =>
      tx.placementOperation.update({ where: { id: operation.id }, data: { keyId: key.keyId } }),
    );
    operation.keyId = key.keyId;
  }
  return { tenantKeyId: tenantKey.keyId, keyId: key.keyId };
}

/**
 * Crypto-shreds a destroyed copy: schedules its placement key's deletion (idempotent). A copy under
 * the tenant key (logs, or made before placement keys) has nothing of its own to shred.
 * Returns what the step's audit event records.
 */
export async function shredLocationKey(placement: Placement): Promise<StepPayload> {
  if (!placement.keyId) return { shreddedKeyId: null };
  const key = await shredPlacementKey(placement.tenantId, placement.keyId);
  return { shreddedKeyId: placement.keyId, keyDeletionDate: key?.deletionDate?.toISOString() ?? null };
}

// A placement provisioned before placement keys, provisioned again where it is: its rows are under
// the tenant key, which it keeps until it next moves.
async function isProvisionedBefore(operation: PlacementOperation): Promise<boolean> {
  if (operation.kind !== 'provision') return false;
  const current = await getPlacement(operation.tenantId, operation.layer as Layer);
  return (
    current.isRecorded &&
    current.tier === operation.toTier &&
    current.schemaName === operation.schemaName &&
    current.databaseName === operation.databaseName &&
    current.roleName === operation.roleName
  );
}
