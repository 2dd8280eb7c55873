import 'server-only';
import { describeKey, encryptForTenant, getTenantKey, isKeyBoundToTenant, KmsKeyPendingDeletionError } from '@/lib/kms';
import { getKeyRotationStatus } from '@/lib/kms/get-tenant-key-status';
import { findPlacementKeyStatus } from '@/lib/placement/find-placement-key-status';
import { captureError, captureRefusal, notApplicable } from '../outcome';
import type { CheckOutcome, ConformanceCheck, ProbeContext } from '../types';

/**
 * The keys in use are enabled, with a key policy that binds them to this tenant's encryption context
 * (and the tenant key's rotation recorded), and every key of a destroyed
 * copy is shredded: KMS refuses it (KMSInvalidStateException). Positive control: the key in use
 * accepts the same operation, so the refusal is the key's state and not a broken call.
 */
export const keysStateCheck: ConformanceCheck = {
  id: 'keys.state',
  layer: 'keys',
  attacked: "Use each key of this tenant's destroyed copies (crypto-shredded) and read the state of the keys in use",
  expected: 'keys in use Enabled and bound to this tenant by their key policy; shredded keys refused by KMS (pending deletion)',
  async run(context: ProbeContext): Promise<CheckOutcome> {
    const tenantId = context.target.id;
    const placementKeys = await findPlacementKeyStatus(tenantId);
    const tenantKey = await getTenantKey(tenantId);
    const inUse = placementKeys.filter((key) => key.isInUse).map((key) => key.keyId);
    if (tenantKey) inUse.push(tenantKey.keyId);
    if (inUse.length === 0) return notApplicable('this tenant has no key of its own (its data is under the platform key or plaintext under RLS)');
    const problems: string[] = [];
    const notes: string[] = [];
    for (const keyId of inUse) {
      const key = await describeKey(keyId, { tenantId });
      if (key?.state !== 'Enabled') problems.push(`${keyId} in use is ${key?.state ?? 'missing'}`);
      else if (!(await isKeyBoundToTenant(key, tenantId))) problems.push(`${keyId} in use has no key policy binding it to this tenant's encryption context`);
    }
    if (tenantKey) {
      const rotation = await getKeyRotationStatus(tenantKey.keyId, tenantId);
      notes.push(
        rotation.isEnabled
          ? `tenant key rotates every ${rotation.periodDays ?? 365} days, next ${rotation.nextRotationDate?.toISOString().slice(0, 10) ?? 'unknown'}`
          : 'tenant key rotation off',
      );
    }
    const shredded = placementKeys.filter((key) => !key.isInUse);
    for (const key of shredded) {
      const refusal = await captureError(() =>
        encryptForTenant({ tenantId, purpose: 'document', recordId: `conformance:${context.runId}`, keyId: key.keyId }, 'probe'),
      );
      if (refusal === null) problems.push(`${key.keyId} of a destroyed ${key.layer} copy still encrypts`);
      else if (!(refusal instanceof KmsKeyPendingDeletionError) && key.state !== 'Deleted')
        problems.push(`${key.keyId}: refused for another reason (${String(refusal)})`);
    }
    const controlKey = inUse[0];
    const controlRefusal = await captureRefusal(() =>
      encryptForTenant({ tenantId, purpose: 'document', recordId: `conformance:${context.runId}`, keyId: controlKey }, 'probe'),
    );
    await context.recordProbe(this.id, [tenantId], { keysInUse: inUse.length, shreddedKeys: shredded.length, problems: problems.length });
    return {
      observed:
        problems.length === 0
          ? [`${inUse.length} keys in use Enabled and bound to this tenant`, `${shredded.length} destroyed-copy keys refused`, ...notes].join('; ')
          : problems.join('; '),
      isRefused: problems.length === 0,
      control: {
        observed: controlRefusal === null ? `the key in use (${controlKey}) encrypts` : `the key in use failed: ${controlRefusal}`,
        isDetected: controlRefusal === null,
      },
    };
  },
};
