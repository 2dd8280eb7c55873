import 'server-only';
import { GetKeyPolicyCommand, ListAliasesCommand, PutKeyPolicyCommand, type AliasListEntry } from '@aws-sdk/client-kms';
import { describeKey, type KeyInfo } from './key-provider';
import { platformKeyAlias } from './key-owner';
import { buildKeyPolicy, tenantContextStatementId } from './key-policy';
import { sendKmsCommand } from './send-kms-command';

export interface KeyPolicyOutcome {
  alias: string;
  keyId: string;
  outcome: 'bound' | 'already_bound' | 'skipped_pending_deletion';
}

const tenantAliasPattern = /^alias\/bulkhead\/tenant\/([0-9a-f-]{36})(?:\/|$)/;

/**
 * Puts Bulkhead's key policy (key-policy.ts) on every Bulkhead key that lacks it: keys made before
 * keys were created with it, or whose policy someone replaced. Run on upgrade with the data-plane
 * migrations; repeating it changes nothing. Keys pending deletion are left as they are.
 */
export async function applyKeyPolicies(): Promise<KeyPolicyOutcome[]> {
  const outcomes: KeyPolicyOutcome[] = [];
  for (const alias of await listBulkheadAliases()) {
    const tenantId = tenantAliasPattern.exec(alias.AliasName!)?.[1];
    const scope = { tenantId };
    const key = await describeKey(alias.TargetKeyId!, scope);
    if (!key) continue;
    if (key.state === 'PendingDeletion') {
      outcomes.push({ alias: alias.AliasName!, keyId: key.keyId, outcome: 'skipped_pending_deletion' });
      continue;
    }
    if (await isKeyBoundToTenant(key, tenantId)) {
      outcomes.push({ alias: alias.AliasName!, keyId: key.keyId, outcome: 'already_bound' });
      continue;
    }
    const policy = buildKeyPolicy(key.arn, tenantId);
    await sendKmsCommand('PutKeyPolicy', (client) => client.send(new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default', Policy: policy })), scope);
    outcomes.push({ alias: alias.AliasName!, keyId: key.keyId, outcome: 'bound' });
  }
  return outcomes;
}

/** Whether the key's policy holds Bulkhead's binding to this tenant (or, with no tenant, the platform's). */
export async function isKeyBoundToTenant(key: Pick<KeyInfo, 'keyId' | 'arn'>, tenantId: string | undefined): Promise<boolean> {
  const current = await sendKmsCommand('GetKeyPolicy', (client) => client.send(new GetKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default' })), {
    tenantId,
  });
  return hasSameBinding(current.Policy, buildKeyPolicy(key.arn, tenantId));
}

async function listBulkheadAliases(): Promise<AliasListEntry[]> {
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await sendKmsCommand('ListAliases', (client) => client.send(new ListAliasesCommand({ Limit: 100, Marker: marker })));
    for (const alias of page.Aliases ?? []) {
      const name = alias.AliasName ?? '';
      if (alias.TargetKeyId && (name === platformKeyAlias || tenantAliasPattern.test(name))) aliases.push(alias);
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return aliases;
}

// Compared statement by statement, so a policy KMS re-serialised with other spacing still counts as bound.
function hasSameBinding(current: string | undefined, wanted: string): boolean {
  const find = (document: string) =>
    JSON.stringify((JSON.parse(document).Statement as { Sid?: string }[]).find((statement) => statement.Sid === tenantContextStatementId) ?? null);
  try {
    return current !== undefined && find(current) === find(wanted) && find(wanted) !== 'null';
  } catch {
    return false;
  }
}
