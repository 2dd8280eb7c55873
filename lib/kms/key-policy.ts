import 'server-only';

/** The operations that use key material: the ones a key policy must bind to the tenant. */
const cryptographicActions = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

export const tenantContextStatementId = 'RequireTenantEncryptionContext';

/**
 * The key policy every Bulkhead key gets when it is created, replacing KMS's default. The default
 * lets any principal with IAM rights use the key with any encryption context; this one keeps
 * administration with the account's IAM policies (the default's first statement, so no one is
 * locked out) and denies every cryptographic operation whose encryption context does not name:
 * - for a tenant's keys, that tenant: a misrouted request, or a stolen role used directly against
 *   KMS, cannot unwrap one tenant's data keys while naming another tenant;
 * - for the platform key, some tenant: the shared key is never used outside a tenant's context.
 */
export function buildKeyPolicy(keyArn: string, tenantId: string | undefined): string {
  const { partition, accountId } = parseKeyArn(keyArn);
  const condition = tenantId ? { StringNotEquals: { 'kms:EncryptionContext:tenant_id': tenantId } } : { Null: { 'kms:EncryptionContext:tenant_id': 'true' } };
  return JSON.stringify({
    Version: '2012-10-17',
    Id: tenantId ? `bulkhead-tenant-${tenantId}` : 'bulkhead-platform',
    Statement: [
      {
        Sid: 'EnableIamPolicies',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      { Sid: tenantContextStatementId, Effect: 'Deny', Principal: { AWS: '*' }, Action: cryptographicActions, Resource: '*', Condition: condition },
    ],
  });
}

function parseKeyArn(keyArn: string): { partition: string; accountId: string } {
  const match = /^arn:([a-z-]+):kms:[^:]*:(\d{12}):key\//.exec(keyArn);
  if (!match) throw new TypeError('KMS returned a key ARN in an unexpected form');
  return { partition: match[1], accountId: match[2] };
}
