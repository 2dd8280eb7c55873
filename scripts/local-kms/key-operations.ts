import { invalidState, validation } from './errors';
import { getDefaultKeyPolicy, parseKeyPolicy } from './key-policy';
import {
  accountId,
  assertKeyUsable,
  assertNotPendingDeletion,
  describeKeyMetadata,
  getKeyArn,
  resolveKey,
  unsupported,
  type Operation,
} from './operation-context';

const dayMs = 24 * 60 * 60 * 1000;

/** Key lifecycle operations: create, describe, key policy, rotate, disable, schedule and cancel deletion. */
export const keyOperations: Record<string, Operation> = {
  CreateKey(input, context) {
    if ((input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') throw unsupported('Only ENCRYPT_DECRYPT keys are supported.');
    if ((input.KeySpec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') throw unsupported('Only SYMMETRIC_DEFAULT keys are supported.');
    if (input.Policy !== undefined) parseKeyPolicy(input.Policy);
    const key = context.store.createKey(typeof input.Description === 'string' ? input.Description : '', input.Policy as string | undefined);
    return { KeyMetadata: describeKeyMetadata(context, key) };
  },

  PutKeyPolicy(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    assertNotPendingDeletion(context, key);
    if ((input.PolicyName ?? 'default') !== 'default') throw validation('PolicyName must be default.');
    parseKeyPolicy(input.Policy);
    context.store.saveKey({ ...key, policy: input.Policy as string });
    return {};
  },

  GetKeyPolicy(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    if ((input.PolicyName ?? 'default') !== 'default') throw validation('PolicyName must be default.');
    return { Policy: key.policy ?? getDefaultKeyPolicy(accountId), PolicyName: 'default' };
  },

  DescribeKey(input, context) {
    return { KeyMetadata: describeKeyMetadata(context, resolveKey(context, String(input.KeyId ?? ''))) };
  },

  EnableKeyRotation(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    assertKeyUsable(context, key);
    const days = Number(input.RotationPeriodInDays ?? 365);
    if (!Number.isInteger(days) || days < 90 || days > 2560) throw validation('RotationPeriodInDays must be 90 to 2560.');
    context.store.saveKey({ ...key, rotationEnabled: true, rotationPeriodDays: days });
    return {};
  },

  GetKeyRotationStatus(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    const current = key.materials.at(-1)!;
    return {
      KeyId: getKeyArn(context, key.keyId),
      KeyRotationEnabled: key.rotationEnabled,
      RotationPeriodInDays: key.rotationEnabled ? key.rotationPeriodDays : undefined,
      NextRotationDate: key.rotationEnabled ? (current.createdAt + key.rotationPeriodDays * dayMs) / 1000 : undefined,
    };
  },

  RotateKeyOnDemand(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    assertKeyUsable(context, key);
    context.store.addMaterial(key, true);
    return { KeyId: getKeyArn(context, key.keyId) };
  },

  DisableKey(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    assertNotPendingDeletion(context, key);
    context.store.saveKey({ ...key, state: 'Disabled' });
    return {};
  },

  EnableKey(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    assertNotPendingDeletion(context, key);
    context.store.saveKey({ ...key, state: 'Enabled' });
    return {};
  },

  ScheduleKeyDeletion(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    if (key.state === 'PendingDeletion') throw invalidState(getKeyArn(context, key.keyId), key.state);
    const days = Number(input.PendingWindowInDays ?? 30);
    if (!Number.isInteger(days) || days < 7 || days > 30) throw validation('PendingWindowInDays must be 7 to 30.');
    const deletionDate = context.now() + days * dayMs;
    context.store.saveKey({ ...key, state: 'PendingDeletion', deletionDate });
    return { KeyId: getKeyArn(context, key.keyId), DeletionDate: deletionDate / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },

  CancelKeyDeletion(input, context) {
    const key = resolveKey(context, String(input.KeyId ?? ''), { allowAlias: false });
    if (key.state !== 'PendingDeletion') throw invalidState(getKeyArn(context, key.keyId), key.state);
    // As in AWS, a key brought back from pending deletion is Disabled until someone enables it.
    context.store.saveKey({ ...key, state: 'Disabled', deletionDate: undefined });
    return { KeyId: getKeyArn(context, key.keyId) };
  },
};
