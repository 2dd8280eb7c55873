import { randomBytes, randomUUID } from 'node:crypto';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';
import { registerCanary } from '@/lib/canaries/canary-registry';
import { createCanaryToken } from '@/lib/canaries/canary-token';
import { ensureTenantKey } from '@/lib/kms';
import { LAYERS, type Tier } from '@/lib/placement/layers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { activatePromptVersion } from '@/lib/prompts/activate-prompt-version';
import { createPromptConfig } from '@/lib/prompts/create-prompt-config';
import { ingestDocument } from '@/lib/retrieval/ingest-document';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';

/** A tenant the chaos run sends traffic for, with what it planted to detect bleed. */
export interface ChaosTenant {
  id: string;
  slug: string;
  tier: Tier;
  /** Where its dedicated placements live: this run's main server or the second one. */
  server: 'main' | 'second';
  apiKey: string;
  /** In its knowledge base, in the sentence that answers the run's question: every answer of its own quotes it. */
  rowMarker: string;
  /** A registered canary in its knowledge base (another sentence): must never reach anyone's answer. */
  canary: string;
}

export const CHAOS_QUESTION = 'What is the refund window for annual plans?';

export interface ChaosTenantSpec {
  label: string;
  tier: Tier;
  /** For dedicated tenants: the registered database server to place every layer on (absent: the main server). */
  serverId?: string;
  /** For dedicated tenants: their own model endpoint (a dedicated prompt tier never uses the shared pool). */
  ownEndpointUrl?: string;
}

/**
 * Creates a tenant at one tier for every layer, its layers placed there (its own schemas and KMS key, its
 * own databases on this or another server), an active prompt, a knowledge-base document holding its row
 * marker and a canary, and an API key. Needs BULKHEAD_OWNER_DATABASE_URL (provisioning).
 */
export async function createChaosTenant(spec: ChaosTenantSpec): Promise<ChaosTenant> {
  const { secret, prefix, hash } = createApiKeySecret();
  const slug = `chaos-${spec.label}-${randomBytes(3).toString('hex')}`;
  const tenant = await withPlatformSystemAccess('chaos run', async (tx) => {
    const row = await tx.tenant.create({
      data: { slug, name: `Chaos ${spec.label}`, kind: 'internal_department', promptTier: spec.tier, retrievalTier: spec.tier, logsTier: spec.tier },
      select: { id: true, slug: true, name: true },
    });
    // Far above what the run sends: faults, not the limiter, should decide what fails.
    await tx.gatewaySettings.create({ data: { tenantId: row.id, requestsPerMinute: 10_000_000, burst: 100_000 } });
    await tx.apiKey.create({ data: { tenantId: row.id, name: 'chaos', prefix, secretHash: hash } });
    if (spec.ownEndpointUrl) {
      await tx.modelEndpoint.create({
        data: { tenantId: row.id, name: 'own simulator', baseUrl: `${spec.ownEndpointUrl}/v1`, kind: 'simulator', timeoutMs: 30_000 },
      });
    }
    return row;
  });
  if (spec.tier !== 'namespace') {
    await ensureTenantKey(tenant.id);
    for (const layer of LAYERS) await migrateLayer(tenant.id, layer, spec.tier, { drainMs: 0, serverId: spec.serverId });
  }

  const actor = { userId: randomUUID(), label: 'chaos@bulkhead.local', requestId: randomUUID() };
  const body = `You are the support assistant of ${tenant.name}. Keep answers short.`;
  const { configId, versionId } = await createPromptConfig(
    tenant.id,
    { name: 'chaos assistant', body, model: 'sim-small', temperature: 0, maxTokens: 256 },
    actor,
  );
  await activatePromptVersion(tenant.id, { configId, versionId }, actor);

  const rowMarker = `ROW${randomBytes(6).toString('hex').toUpperCase()}`;
  const canary = createCanaryToken();
  await registerCanary(tenant.id, canary, 'chaos-run');
  const text = `# Refunds\n\nThe refund window for annual plans is 30 days under contract ${rowMarker}.\n\nInternal tracking code ${canary}.\n`;
  await ingestDocument({
    tenant,
    actor: { type: 'system', id: 'chaos-run' },
    requestId: randomUUID(),
    file: { filename: 'refunds.md', bytes: Buffer.from(text) },
  });
  return { id: tenant.id, slug, tier: spec.tier, server: spec.serverId ? 'second' : 'main', apiKey: secret, rowMarker, canary };
}

/** Every other tenant's marker or canary found in an answer (should always be empty). */
export function findForeignPlants(answer: string, own: ChaosTenant, tenants: readonly ChaosTenant[]): string[] {
  return tenants.filter((other) => other.id !== own.id).flatMap((other) => [other.rowMarker, other.canary].filter((plant) => answer.includes(plant)));
}
