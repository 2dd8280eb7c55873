// The placement worker's part in a process of its own: one layer migration, run as the worker runs
// it (the configured drains and waits, no test shortcuts), then exit. The outcome goes over IPC.
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { setProcessName } from '@/lib/db/process-identity';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { stopChangeNotices } from '@/lib/db/change-notices';
import type { Layer, Tier } from '../layers';
import { migrateLayer } from '../migrate-layer';
import { closePlacementPools } from '../pool-registry-instance';

export interface WorkerChildRun {
  tenantId: string;
  layer: Layer;
  toTier: Tier;
}

export type WorkerChildMessage = { done: { operationId: string; rowsCopied: number } } | { failed: string };

async function main() {
  installPlacementAuditLog();
  setProcessName('worker-child');
  const run = JSON.parse(process.argv[2]) as WorkerChildRun;
  const result = await migrateLayer(run.tenantId, run.layer, run.toTier);
  await closePlacementPools();
  await stopChangeNotices();
  await disconnectAllPrismaClients();
  return { operationId: result.operationId, rowsCopied: result.rowsCopied };
}

main().then(
  (done) => process.send!({ done } satisfies WorkerChildMessage, () => process.exit(0)),
  (error: unknown) => process.send!({ failed: error instanceof Error ? error.message : String(error) } satisfies WorkerChildMessage, () => process.exit(1)),
);
