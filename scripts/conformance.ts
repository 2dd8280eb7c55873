/**
 * `npm run conformance -- --tenant <slug>` or `-- --all`: runs the isolation conformance suite
 * (lib/conformance) against the live installation, as the console's own roles, prints one JSON
 * document on stdout (progress on stderr), and exits 1 when any check fails or could not be carried
 * out, 2 on bad arguments. Needs the console's settings (BULKHEAD_APP_DATABASE_URL,
 * BULKHEAD_PLATFORM_DATABASE_URL, the KMS, BULKHEAD_CACHE_SALT_SECRET, the model endpoint).
 */
import { parseArgs } from 'node:util';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { findTenantsToCheck } from '@/lib/conformance/find-tenants-to-check';
import { runConformanceSuite } from '@/lib/conformance/run-suite';
import type { CheckRecord } from '@/lib/conformance/types';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';

const usage = 'Usage: npm run conformance -- --tenant <slug> | --all';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tenant: { type: 'string' }, all: { type: 'boolean' } }, strict: true });
  if (Boolean(values.tenant) === Boolean(values.all)) {
    console.error(usage);
    return 2;
  }
  const tenants = await findTenantsToCheck(values.tenant);
  if (tenants.length === 0) {
    console.error(values.tenant ? `No active tenant has the slug "${values.tenant}".` : 'There are no active tenants.');
    return 2;
  }
  const runs = [];
  for (const tenant of tenants) {
    const results: CheckRecord[] = [];
    console.error(`${tenant.slug}:`);
    const { run, status } = await runConformanceSuite(tenant, {
      trigger: 'cli',
      requestedBy: 'cli',
      onRecord: (record) => {
        results.push(record);
        console.error(`  ${record.result.padEnd(14)} ${record.checkId} (${record.durationMs} ms)`);
      },
    });
    runs.push({ tenant: tenant.slug, runId: run.id, status, startedAt: run.startedAt, results });
  }
  const isPassing = runs.every((run) => run.status === 'passed');
  console.log(JSON.stringify({ ok: isPassing, runs }, null, 2));
  return isPassing ? 0 : 1;
}

main()
  .catch((error) => {
    console.error(`Conformance run failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  })
  .then(async (code) => {
    await closePlacementPools().catch(() => {});
    await closeTenantSqlPools().catch(() => {});
    await disconnectAllPrismaClients().catch(() => {});
    process.exit(code);
  });
