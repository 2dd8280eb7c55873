import 'server-only';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import type { AuditActor } from '@/lib/audit/event';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { invalidateApiKey } from './api-key-cache';
import type { ApiKeyScope } from './api-key-scope';
import { createApiKeySecret } from './api-key-secret';

/** A key as the console lists it: never the secret or its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Creates a key for the tenant and returns its secret, which is shown once and never stored. The
 * key row and its `api_key.create` audit event (naming the scope) commit together.
 */
export async function createApiKey(
  tenantId: string,
  input: { name: string; scope: ApiKeyScope; actor: AuditActor; createdBy: string | null; requestId: string },
) {
  const { secret, prefix, hash } = createApiKeySecret();
  const key = await withTenant(tenantId, async (tx) => {
    const existing = await tx.apiKey.count({ where: { tenantId, name: input.name, revokedAt: null } });
    if (existing > 0) throw new UserFacingError('An active key with that name already exists. Choose another name.', 409);
    const row = await tx.apiKey.create({
      data: { tenantId, name: input.name, prefix, secretHash: hash, scope: input.scope, createdBy: input.createdBy },
      select: { id: true, name: true, prefix: true, scope: true },
    });
    await appendAuditEvents(tx, tenantId, [
      {
        actor: input.actor,
        action: 'api_key.create',
        target: `api_key:${row.id}`,
        requestId: input.requestId,
        outcome: 'success',
        payload: { name: row.name, prefix: row.prefix, scope: row.scope },
      },
    ]);
    return row;
  });
  return { ...key, secret };
}

/** The tenant's keys, newest first. */
export async function findApiKeys(tenantId: string): Promise<ApiKeySummary[]> {
  const rows = await withTenant(tenantId, (tx) =>
    tx.apiKey.findMany({
      orderBy: { createdAt: 'desc' },
      select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  );
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a key: the row and the audit event commit together, then this process forgets the key
 * so the very next request with it is refused (other processes: when its change notice arrives, at the latest within API_KEY_CACHE_TTL_MS).
 * @throws NotFoundError when the key is not this tenant's or is already revoked
 */
export async function revokeApiKey(tenantId: string, input: { keyId: string; actor: AuditActor; requestId: string }) {
  await withTenant(tenantId, async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: input.keyId, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new NotFoundError('That key does not exist or is already revoked.');
    await appendAuditEvents(tx, tenantId, [
      { actor: input.actor, action: 'api_key.revoke', target: `api_key:${input.keyId}`, requestId: input.requestId, outcome: 'success', payload: {} },
    ]);
  });
  invalidateApiKey(input.keyId);
}
