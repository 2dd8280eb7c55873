import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';
import { ensureTenantKey } from '@/lib/kms';
import { convergePlacements } from '@/lib/placement/converge-placements';
import { LAYERS } from '@/lib/placement/layers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createManyTenantsWith, type SpreadTenant } from './many-tenants';

/** The one-tenant rows' tenants, by tier. */
export type Tenants = Record<'namespace' | 'schema_kms', { id: string; apiKey: string }>;

/** What a run made and keeps for the next under --keep-tenants. */
export interface KeptTenants {
  tenants: Tenants;
  spread: SpreadTenant[];
}

/** The two one-tenant rows' tenants and the spread, placed as the placement worker would leave them. */
export async function createTenants(options: {
  count: number;
  ownerUrl: string;
  adminUrl: string;
  database: string;
  keptTenantsFile: string;
}): Promise<KeptTenants> {
  const { count, ownerUrl, adminUrl, database, keptTenantsFile } = options;
  const tenants: Tenants = { namespace: await createBenchTenant('namespace'), schema_kms: await createBenchTenant('schema_kms') };
  // The schema_kms tenants' prompt, retrieval and log layers in their own schemas, under their own roles and keys,
  // as the placement worker would leave them. The owner URL stays out of the servers' environment.
  process.env.BULKHEAD_OWNER_DATABASE_URL = ownerUrl;
  const moved = await convergePlacements({ drainMs: 0 });
  if (moved.some((outcome) => outcome.error) || moved.length !== 3) throw new Error(`placing the schema_kms tenant failed: ${JSON.stringify(moved)}`);
  const spread = await createManyTenants(count);
  delete process.env.BULKHEAD_OWNER_DATABASE_URL;
  await closePlacementPools();
  if (spread.length > 0) await settleAfterProvisioning(adminUrl, database);
  // Written on every run (the database is kept either way), read only under --keep-tenants. The file holds
  // benchmark API keys for a loopback database under .data, which is git-ignored.
  writeFileSync(keptTenantsFile, JSON.stringify({ tenants, spread } satisfies KeptTenants), { mode: 0o600 });
  return { tenants, spread };
}

/**
 * Provisioning thousands of schemas leaves the server with every new table still to be vacuumed and
 * analyzed and a checkpoint's worth of dirty pages: measured at once, the spread row paid for that
 * (PostgreSQL CPU 2.9 ms per request, against 1.0 on the same tenants a few minutes later). A running
 * platform has long since done that work, as autovacuum and the checkpointer would here.
 */
async function settleAfterProvisioning(adminUrl: string, database: string) {
  const started = Date.now();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query('VACUUM (ANALYZE)');
    await admin.query('CHECKPOINT');
  } finally {
    await admin.end();
  }
  console.log(`Vacuumed, analyzed and checkpointed after provisioning (${((Date.now() - started) / 1000).toFixed(0)} s).`);
}

/** The tenants a previous run kept, when there are at least `spread` of them; otherwise undefined (made afresh). */
export function readKeptTenants(keptTenantsFile: string, spread: number): KeptTenants | undefined {
  if (!existsSync(keptTenantsFile)) return undefined;
  const kept = JSON.parse(readFileSync(keptTenantsFile, 'utf8')) as KeptTenants;
  return kept.spread.length >= spread ? kept : undefined;
}

async function createBenchTenant(tier: 'namespace' | 'schema_kms', suffix = '') {
  const { secret, prefix, hash } = createApiKeySecret();
  const tenant = await withPlatformSystemAccess('gateway benchmark', async (tx) => {
    const row = await tx.tenant.create({
      data: {
        slug: `bench-${tier.replace('_', '-')}${suffix}`,
        name: `Bench ${tier}${suffix}`,
        kind: 'internal_department',
        promptTier: tier,
        retrievalTier: tier,
        logsTier: tier,
      },
      select: { id: true },
    });
    // A limit far above what the benchmark can send: this measures the path, not the limiter's refusals.
    await tx.gatewaySettings.create({ data: { tenantId: row.id, requestsPerMinute: 10_000_000, burst: 100_000 } });
    await tx.apiKey.create({ data: { tenantId: row.id, name: 'bench', prefix, secretHash: hash } });
    return row;
  });
  if (tier === 'schema_kms') await ensureTenantKey(tenant.id);
  return { id: tenant.id, apiKey: secret };
}

function createManyTenants(count: number): Promise<SpreadTenant[]> {
  return createManyTenantsWith(count, async (index) => {
    const tenant = await createBenchTenant('schema_kms', `-${index}`);
    for (const layer of LAYERS) await migrateLayer(tenant.id, layer, 'schema_kms', { drainMs: 0 });
    return tenant;
  });
}
