/**
 * `npm run bench:placement`: provisioning time per tier (targets: schema_kms ≤ 2 s, dedicated ≤ 10 s)
 * and the time to migrate a layer of 10k rows between tiers, on a throwaway local stack
 * (embedded PostgreSQL and the local KMS; BULKHEAD_DATA_DIR and BULKHEAD_TEST_PG_PORT isolate it).
 */
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement } from '@/lib/placement/get-placement';
import type { Tier } from '@/lib/placement/layers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { provisionPlacement } from '@/lib/placement/provision-placement';
import { seedPromptLayer } from '@/lib/placement/test-helpers';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withBenchStack } from './services/bench-stack';

const rounds = 3;

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchProvisioning(tier: Tier) {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const tenant = await createTestTenant(`bench-${tier}`);
    const [placement, ms] = await time(() => provisionPlacement(tenant.id, 'prompt', tier));
    times.push(ms);
    if (tier !== 'namespace') await destroyLocation(placement);
  }
  return times;
}

async function main() {
  installPlacementAuditLog();
  await withBenchStack({ dataDirName: 'bench', postgresPort: Number(process.env.BULKHEAD_TEST_PG_PORT ?? 54339) + 1, withOwnerUrl: true }, async () => {
    await upgradeSharedSchema();
    console.log(`Provisioning the prompt layer (median of ${rounds}, first run includes the tenant key):`);
    for (const [tier, target] of [
      ['schema_kms', 2000],
      ['dedicated', 10000],
    ] as const) {
      const times = await benchProvisioning(tier);
      console.log(
        `  ${tier.padEnd(10)} ${times.map((ms) => `${Math.round(ms)} ms`).join(', ')}; median ${Math.round(median(times))} ms (target ≤ ${target} ms)`,
      );
    }

    const tenant = await createTestTenant('bench-migrate');
    // 2,500 configs + 2,500 versions + 1 conversation + 2,500 messages ≈ 7,500; 3,334 each gives 10,003 rows.
    await seedPromptLayer(await getPlacement(tenant.id, 'prompt'), 3334, 'bench');
    console.log('\nMigrating the prompt layer of 10,003 rows (write drain excluded: set to 0 here):');
    for (const tier of ['schema_kms', 'dedicated', 'namespace'] as Tier[]) {
      const from = (await getPlacement(tenant.id, 'prompt')).tier;
      const [result, ms] = await time(() => migrateLayer(tenant.id, 'prompt', tier, { drainMs: 0 }));
      console.log(`  ${from} → ${tier}: ${Math.round(ms)} ms (${result.rowsCopied} rows copied, verified by count and SHA-256)`);
    }
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
