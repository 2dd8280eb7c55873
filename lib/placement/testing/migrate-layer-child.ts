// A migration in a process of its own, so a test can kill it for real (SIGKILL: no finally block
// runs, its sockets close with it). Started by kill-harness.ts with the test's database and KMS
// environment; at the named pause point it tells the parent over IPC and waits to be told to go on.
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import type { Layer, Tier } from '../layers';
import { migrateLayer } from '../migrate-layer';
import { closePlacementPools } from '../pool-registry-instance';

export interface PausePoint {
  /** before: ahead of the step's work; after: its work committed, the ledger not yet told. */
  when: 'before' | 'after';
  step: string;
}

export interface ChildMigration {
  tenantId: string;
  layer: Layer;
  toTier: Tier;
  /** The registered server to move to (dedicated only); absent: the control plane's own. */
  serverId?: string | null;
  pause: PausePoint;
}

export type ChildMessage = { paused: PausePoint } | { done: true } | { failed: string };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

function pauseAt(pause: PausePoint, when: PausePoint['when']) {
  return async (step: string) => {
    if (step !== pause.step || when !== pause.when) return;
    await send({ paused: pause });
    await new Promise((resolve) => process.once('message', resolve));
  };
}

async function main() {
  installPlacementAuditLog();
  const run = JSON.parse(process.argv[2]) as ChildMigration;
  await migrateLayer(run.tenantId, run.layer, run.toTier, {
    drainMs: 0,
    serverId: run.serverId,
    beforeStep: pauseAt(run.pause, 'before'),
    afterStepEffect: pauseAt(run.pause, 'after'),
  });
  await closePlacementPools();
  await disconnectAllPrismaClients();
  await send({ done: true });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({ failed: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
