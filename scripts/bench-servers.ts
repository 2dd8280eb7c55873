/**
 * `npm run bench:servers`: what one more database server holds and costs, measured on a throwaway
 * local stack plus a second embedded PostgreSQL (BULKHEAD_TEST_PG2_PORT, 55442 by default) registered
 * as a platform admin would: provisioning time and disk per dedicated placement there, the sessions
 * the server sees while one process reads round-robin from every placement, and what the process's
 * connection cap (BULKHEAD_PLACEMENT_MAX_CONNECTIONS, pools of BULKHEAD_PLACEMENT_POOL_SIZE) does
 * once the placements outnumber it. `--placements N` (default 60).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { createPlatformAdmin } from '@/lib/control/control-test-fixtures';
import { registerDatabaseServer } from '@/lib/control/database-servers/register-database-server';
import { inlineSql } from '@/lib/db/inline-sql';
import { provisionPlacement } from '@/lib/placement/provision-placement';
import { getPoolRegistry } from '@/lib/placement/pool-registry-instance';
import { readTenantRows } from '@/lib/placement/read-tenant-data';
import { startSecondServer } from '@/lib/placement/testing/second-server';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withBenchStack } from './services/bench-stack';

const { values } = parseArgs({ options: { placements: { type: 'string', default: '60' }, seconds: { type: 'string', default: '10' } } });
const placementCount = Number(values.placements);
const seconds = Number(values.seconds);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function main() {
  installPlacementAuditLog();
  await withBenchStack({ dataDirName: 'bench-servers', postgresPort: Number(process.env.BULKHEAD_TEST_PG_PORT ?? 54339) + 2, withOwnerUrl: true }, async () => {
    await upgradeSharedSchema();
    const second = await startSecondServer();
    try {
      const admin = await createPlatformAdmin('bench-servers');
      const { id: serverId } = await registerDatabaseServer(
        admin,
        { name: 'bench second server', ownerUrl: second.ownerUrl, tlsMode: 'disable', region: 'bench', capacityNotes: '' },
        { actor: { type: 'system', id: 'bench' }, requestId: 'bench-servers' },
      );
      const [{ max }] = await second.queryAsSuperuser<{ max: string }>("SELECT current_setting('max_connections') AS max");
      const baseline = await sumDatabaseSizes(second);

      console.log(`Provisioning ${placementCount} dedicated prompt placements on the second server (max_connections ${max}):`);
      const tenants: string[] = [];
      const times: number[] = [];
      for (let index = 0; index < placementCount; index++) {
        const tenant = await createTestTenant(`bench-server-${index}`);
        const start = performance.now();
        await provisionPlacement(tenant.id, 'prompt', 'dedicated', { serverId });
        times.push(performance.now() - start);
        tenants.push(tenant.id);
      }
      const sorted = [...times].sort((a, b) => a - b);
      const disk = (await sumDatabaseSizes(second)) - baseline;
      console.log(`  per placement: median ${Math.round(percentile(sorted, 0.5))} ms, p95 ${Math.round(percentile(sorted, 0.95))} ms to provision`);
      console.log(
        `  disk: ${(disk / placementCount / 1024 / 1024).toFixed(1)} MB per empty placement database (${(disk / 1024 / 1024).toFixed(0)} MB for ${placementCount})`,
      );

      for (const count of [...new Set([Math.min(placementCount, 20), placementCount])]) {
        await readRoundRobin(tenants.slice(0, count), second);
      }
    } finally {
      await second.destroy();
    }
  });
}

/** One process reading from `tenants`' placements in turn (8 at a time) for `seconds`; sessions sampled on the server. */
async function readRoundRobin(tenants: string[], second: Awaited<ReturnType<typeof startSecondServer>>) {
  const registry = getPoolRegistry();
  const evictionsBefore = registry.getStats().evictions;
  const deadline = Date.now() + seconds * 1000;
  let reads = 0;
  let next = 0;
  let peakSessions = 0;
  const sampler = (async () => {
    while (Date.now() < deadline) {
      const [{ n }] = await second.queryAsSuperuser<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename LIKE 'bh\\_%'",
      );
      peakSessions = Math.max(peakSessions, n);
      await sleep(200);
    }
  })();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < deadline) {
        const tenantId = tenants[next++ % tenants.length];
        await readTenantRows(tenantId, 'prompt', inlineSql`SELECT count(*)::int AS n FROM prompt_configs`);
        reads++;
      }
    }),
  );
  await sampler;
  const stats = registry.getStats();
  console.log(
    `\nRound-robin reads over ${tenants.length} placements for ${seconds} s: ${Math.round(reads / seconds)} reads/s; ` +
      `peak ${peakSessions} sessions of placement roles on the server; ${stats.pools} pools (${stats.reservedConnections} connections reserved, cap ${process.env.BULKHEAD_PLACEMENT_MAX_CONNECTIONS ?? 100}); ` +
      `${stats.evictions - evictionsBefore} pools closed to stay under the cap`,
  );
}

async function sumDatabaseSizes(second: Awaited<ReturnType<typeof startSecondServer>>): Promise<number> {
  const [{ bytes }] = await second.queryAsSuperuser<{ bytes: string }>('SELECT sum(pg_database_size(datname))::bigint AS bytes FROM pg_database');
  return Number(bytes);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
