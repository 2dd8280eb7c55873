import type { PlatformTransaction } from '@/lib/tenancy/platform';
import { createApiKeySecret, hashApiKeySecret, isApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';
import { LOCAL_SIMULATOR_BASE_URL } from '@/lib/enforcement/route-endpoint';

const DEMO_KEY_NAME = 'demo key';

/**
 * One demo API key per tenant (slug → secret). Idempotent: a secret already in
 * demo-credentials.json is reused and its hash (re)stored; otherwise a new key is made. Only hashes
 * go to the database. Tenants whose prompt tier is `dedicated` also get a dedicated endpoint on the
 * built-in local simulator, since the gateway never sends them to the shared pool.
 */
export async function seedDemoGateway(tx: PlatformTransaction, tenantIds: Record<string, string>, storedKeys: Record<string, string> = {}) {
  const apiKeys: Record<string, string> = {};
  for (const [slug, tenantId] of Object.entries(tenantIds)) {
    const stored = storedKeys[slug];
    const fresh = createApiKeySecret();
    const secret = stored && isApiKeySecret(stored) ? stored : fresh.secret;
    const hash = hashApiKeySecret(secret);
    const existing = await tx.apiKey.findUnique({ where: { secretHash: hash }, select: { id: true } });
    if (!existing) {
      await tx.apiKey.updateMany({ where: { tenantId, name: DEMO_KEY_NAME, revokedAt: null }, data: { revokedAt: new Date() } });
      await tx.apiKey.create({ data: { tenantId, name: DEMO_KEY_NAME, prefix: secret.slice(0, 12), secretHash: hash } });
    }
    apiKeys[slug] = secret;

    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { promptTier: true } });
    if (tenant.promptTier === 'dedicated') {
      await tx.modelEndpoint.upsert({
        where: { tenantId_name: { tenantId, name: 'local simulator (dedicated)' } },
        create: { tenantId, name: 'local simulator (dedicated)', baseUrl: LOCAL_SIMULATOR_BASE_URL, kind: 'simulator' },
        update: {},
      });
    }
  }
  return apiKeys;
}
