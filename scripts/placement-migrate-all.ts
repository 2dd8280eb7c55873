/**
 * `node --import tsx scripts/placement-migrate-all.ts`: brings every data-plane placement (the shared
 * schema, each tenant schema and database) to the newest migration in prisma/data-plane/migrations,
 * printing one line per placement and a summary; exits 1 if any failed (the others still upgrade).
 * Needs BULKHEAD_OWNER_DATABASE_URL, BULKHEAD_APP_DATABASE_URL, BULKHEAD_PLATFORM_DATABASE_URL and
 * the KMS settings (tenant role secrets of external servers are sealed under tenant keys). It also
 * puts Bulkhead's key policy (each key bound to its tenant's encryption context) on any key without it.
 */
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { applyKeyPolicies } from '@/lib/kms';
import { upgradeAllPlacements } from '@/lib/placement/upgrade-placements';

async function main() {
  installPlacementAuditLog();
  const outcomes = await upgradeAllPlacements((outcome, index, total) => {
    const who = outcome.tenantId ? `tenant ${outcome.tenantId} ${outcome.layer}` : 'shared';
    const what = outcome.error ? `FAILED: ${outcome.error}` : outcome.applied.length ? `applied ${outcome.applied.join(', ')}` : 'up to date';
    console.log(`[${index}/${total}] ${who} (${outcome.location}): ${what}`);
  });
  const failed = outcomes.filter((outcome) => outcome.error);
  console.log(`\n${outcomes.length - failed.length} placements current, ${failed.length} failed.`);
  const policies = await applyKeyPolicies();
  const bound = policies.filter((policy) => policy.outcome === 'bound').length;
  console.log(`KMS key policies: ${bound} keys bound to their tenant now, ${policies.length - bound} unchanged.`);
  await disconnectAllPrismaClients();
  return failed.length === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(`Upgrade failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
