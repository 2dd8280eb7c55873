import 'server-only';
import { ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { purgeTenant } from './data-keys';
import { emitKeyEvent } from './key-events';
import type { KeyInfo } from './key-provider';
import { sendKmsCommand } from './send-kms-command';

/**
 * Schedules a tenant's key (its customer key or a placement key) for deletion after
 * `pendingWindowInDays` (7 to 30). KMS refuses the key at once; until the date only KMS's
 * CancelKeyDeletion brings it back. Drops this process's cached data keys of the tenant and emits
 * `key_deletion_scheduled` (audited).
 */
export async function scheduleKeyDeletion(key: KeyInfo, tenantId: string, pendingWindowInDays: number): Promise<KeyInfo> {
  const scope = { tenantId };
  const output = await sendKmsCommand(
    'ScheduleKeyDeletion',
    (client) => client.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: pendingWindowInDays })),
    scope,
  );
  purgeTenant(tenantId);
  emitKeyEvent({ type: 'key_deletion_scheduled', ...scope, keyId: key.keyId, deletionDate: output.DeletionDate });
  return { ...key, state: 'PendingDeletion', deletionDate: output.DeletionDate };
}
