/**
 * `npm run placement:worker`: carries out the tiers recorded in the console (lib/placement/placement-worker.ts)
 * until interrupted. Runs as the owner role (BULKHEAD_OWNER_DATABASE_URL) beside the console, with the
 * console's own settings (BULKHEAD_APP_DATABASE_URL, BULKHEAD_PLATFORM_DATABASE_URL, the KMS). `npm run demo`
 * runs the same worker itself.
 */
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { setProcessName } from '@/lib/db/process-identity';
import { describeConvergeOutcome, startPlacementWorker } from '@/lib/placement/placement-worker';

installPlacementAuditLog();
setProcessName('placement worker');
const worker = startPlacementWorker({ onOutcome: (outcome) => console.log(describeConvergeOutcome(outcome)) });
console.log('Placement worker running; Ctrl-C stops it (a move under way resumes at its step next time).');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
