/**
 * `npm run chaos`: steady load (concurrency 16, five tenants on all three tiers, streaming and not) through
 * several real gateway processes, while in turn PostgreSQL restarts, a second PostgreSQL server holding
 * a dedicated tenant refuses connections, KMS stops (data-key cache warm, then cold), the upstream
 * returns 5xx, hangs, garbles and truncates, the audit chain head of one tenant is locked, one gateway is
 * SIGKILLed mid-stream and one gets SIGTERM; then 50 workers alternate between tenants over pooled
 * connections. Everything on loopback, bounded; prints a table per fault and exits 1 when a guarantee
 * broke: a wrong status or a message nobody can act on, an unaffected tenant refused, no recovery to
 * baseline within the bound, an answer without exactly its audit event, another tenant's row or canary
 * in an answer, a chain that does not verify.
 *
 *   --short          outages of 2 s (upstream faults 1.5 s, the audit lock 3 s) and 500 pooled requests
 *                    (npm test runs this, in about two minutes on a quiet 2-core machine); default 10 s and 10,000
 *   --json <file>    also write the report as JSON
 * Ports (loopback): BULKHEAD_CHAOS_PG_PORT 55733, BULKHEAD_CHAOS_SECOND_PG_PORT 55743, BULKHEAD_CHAOS_KMS_PORT 4533,
 * BULKHEAD_CHAOS_MODEL_PORT 4633, BULKHEAD_CHAOS_DEDICATED_MODEL_PORT 4634, BULKHEAD_CHAOS_GATEWAY_PORTS 4733,4734,4735,4736;
 * data under .data/<BULKHEAD_CHAOS_DATA_DIR, chaos> (recreated each run).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { findBrokenGuarantees, printReport } from './chaos/print-report';
import { runChaos } from './chaos/run-chaos';

const { values } = parseArgs({ options: { short: { type: 'boolean', default: false }, json: { type: 'string' } } });

async function main(): Promise<number> {
  const report = await runChaos({ isShort: values.short, log: (line) => console.log(line) });
  await disconnectAllPrismaClients();
  printReport(report, (line) => console.log(line));
  const broken = findBrokenGuarantees(report);
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...report, broken }, null, 2));
  if (broken.length === 0) {
    console.log('\nEvery guarantee held.');
    return 0;
  }
  console.log(`\n${broken.length} guarantee(s) broken:`);
  for (const sentence of broken) console.log(`- ${sentence}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    process.exit(2);
  },
);
