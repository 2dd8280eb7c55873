import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { getLatestDataPlaneMigration } from './data-plane-migrations';
import { PlacementOperationError } from './errors';
import { getPlacement, type Placement } from './get-placement';
import { countLayerRows } from './layer-rows';
import type { Layer, Tier } from './layers';
import { finishOperation, getRunningOperation, startOrResumeOperation } from './operation-ledger';
import { forgetPlacementForRead } from './placement-read-cache';
import { createOperationTarget, getTargetPlacement, openTargetSpec } from './placement-target-spec';
import { getTargetSteps, runTargetStep } from './provision-target';
import { runPendingSteps, type StepHooks } from './run-steps';

export interface ProvisionOptions extends StepHooks {
  /** A dedicated placement on a registered database server (servers/), by its id; else the control plane's own server. */
  serverId?: string | null;
}

/**
 * Provisions (tenant, layer) at `tier`: the placement's own KMS key at an encrypted tier
 * (placement-keys.ts), the schema or database, the role with a random password sealed under the
 * tenant key, grants, the data-plane migrations, then the placement row. Idempotent (provisioning again re-asserts everything and changes nothing) and
 * resumable (a crashed run continues at its failed step); every step is audited. Moving a layer
 * that already holds data to another tier is migrateLayer's job and is refused here.
 */
export async function provisionPlacement(tenantId: string, layer: Layer, tier: Tier, options: ProvisionOptions = {}): Promise<Placement> {
  assertTenantId(tenantId);
  if (layer === 'logs' && tier !== 'namespace') {
    // Appenders may hold the shared location for a while (lib/audit/store/log-location.ts): only a
    // migration freezes the chain it leaves, so nothing is appended where the log no longer is.
    throw new PlacementOperationError('A log moves to its own schema or database by a tier migration.');
  }
  let operation = await getRunningOperation(tenantId, layer);
  if (!operation) {
    const current = await getPlacement(tenantId, layer);
    if (current.tier !== tier && (current.isRecorded || (await countLayerRows(current)) > 0)) {
      throw new PlacementOperationError(`This layer is already placed at ${current.tier}; change its tier with a migration.`);
    }
    const target =
      current.isRecorded && current.tier === tier ? pickLocation(current) : await createOperationTarget(tenantId, layer, tier, options.serverId ?? null);
    operation = await startOrResumeOperation({
      tenantId,
      layer,
      kind: 'provision',
      fromTier: null,
      toTier: tier,
      steps: [...getTargetSteps(tier, layer, target.serverId), 'activate'],
      target,
    });
  } else if (operation.kind !== 'provision' || operation.toTier !== tier) {
    throw new PlacementOperationError(`A ${operation.kind} of this layer to ${operation.toTier} is in progress; resume or roll it back first.`);
  }
  const running = operation;
  const spec = await openTargetSpec(running);
  await runPendingSteps(
    running,
    async (step) => {
      if (step !== 'activate') return runTargetStep(spec, step);
      await savePlacement(getTargetPlacement(running, getLatestDataPlaneMigration()));
      return { tier };
    },
    options,
  );
  await finishOperation(running, 'succeeded');
  return getPlacement(tenantId, layer);
}

// Provisioning a placement again keeps its key: its rows are sealed under it.
function pickLocation({ schemaName, databaseName, roleName, rolePasswordSealed, externalUrlSealed, keyId, serverId }: Placement) {
  return { schemaName, databaseName, roleName, rolePasswordSealed, externalUrlSealed, keyId, serverId };
}

/** Writes the placement row (the platform role is the only writer). */
export function savePlacement(placement: Placement, tx?: Prisma.TransactionClient) {
  const data = {
    tier: placement.tier,
    state: placement.state,
    schemaName: placement.schemaName,
    databaseName: placement.databaseName,
    roleName: placement.roleName,
    rolePasswordSealed: placement.rolePasswordSealed,
    externalUrlSealed: placement.externalUrlSealed,
    migrationVersion: placement.migrationVersion,
    keyId: placement.keyId,
    serverId: placement.serverId,
  };
  const write = (client: Prisma.TransactionClient) =>
    client.placement.upsert({
      where: { tenantId_layer: { tenantId: placement.tenantId, layer: placement.layer } },
      create: { tenantId: placement.tenantId, layer: placement.layer, ...data },
      update: data,
    });
  // Here at once; other processes' read caches expire within readCacheMs (the switch waits that long).
  forgetPlacementForRead(placement.tenantId, placement.layer);
  return tx ? write(tx) : withPlatformSystemAccess('placement worker: save placement', write);
}
