import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { assertAuditChainLocation, copyAuditChain, digestAuditChain, requestAuditOutboxRelay, setAuditChainFrozen } from './audit-log-port';
import { copyLayer, digestPlacement, findDigestDifferences } from './copy-layer';
import { getLatestDataPlaneMigration } from './data-plane-migrations';
import { destroyLocation, evictPool } from './destroy-location';
import { PlacementOperationError } from './errors';
import { getPlacement, isSameLocation, type Placement } from './get-placement';
import type { Layer, Tier } from './layers';
import { getPlacementNames } from './naming';
import { finishOperation, getRunningOperation, startOrResumeOperation, type PlacementOperation } from './operation-ledger';
import { placementConfig } from './placement-config';
import { createOperationTarget, getTargetPlacement, openTargetSpec } from './placement-target-spec';
import { savePlacement } from './provision-placement';
import { getTargetSteps, runTargetStep } from './provision-target';
import { runPendingSteps, type StepHooks } from './run-steps';
import { getShardLocation } from './servers/get-shard-location';

export interface MigrateLayerOptions extends StepHooks {
  /**
   * The registered database server the layer goes to (servers/): a dedicated layer's database there,
   * or for a namespace layer (prompt, retrieval) that server's namespace shard; null or absent: the
   * control plane's own server. Moving between servers at the same tier is a migration too.
   */
  serverId?: string | null;
  /** Override of both waits, placementConfig.writeDrainMs and readCacheMs (tests and the benchmark, where no other process runs). */
  drainMs?: number;
}

export interface MigrateLayerResult {
  operationId: string;
  rowsCopied: number;
  placement: Placement;
}

const migrationSteps = ['freeze_writes', 'copy', 'verify', 'switch', 'destroy_old'];

/**
 * Moves one layer of a tenant to another tier (call it once the policy allows the tier): builds the
 * target, refuses new writes (reads continue from the old copy), copies, verifies row counts and
 * content hashes, switches the placement row in one transaction (readers see the old copy or the
 * new, never half), then destroys the old copy. Every step is audited and recorded; after a crash,
 * calling it again resumes at the failed step, or rollbackLayerMigration undoes it before the switch.
 * The logs layer moves the tenant's audit chain: appends are refused from the freeze to the switch
 * (the chain's head is frozen), and the copy must re-verify end to end (audit-chain-copy.ts).
 */
export async function migrateLayer(tenantId: string, layer: Layer, toTier: Tier, options: MigrateLayerOptions = {}): Promise<MigrateLayerResult> {
  assertTenantId(tenantId);
  const operation = (await getRunningOperation(tenantId, layer)) ?? (await startMigration(tenantId, layer, toTier, options));
  if (operation.kind !== 'migrate' || operation.toTier !== toTier || (options.serverId !== undefined && operation.serverId !== options.serverId)) {
    throw new PlacementOperationError(`A ${operation.kind} of this layer to ${operation.toTier} is in progress; resume or roll it back first.`);
  }
  const source = await getSourcePlacement(operation);
  // Read when used: the ensure_key step records the target's placement key on the operation.
  const getTarget = () => getTargetPlacement(operation, getLatestDataPlaneMigration());
  const spec = await openTargetSpec(operation);
  const isLog = layer === 'logs';
  let rowsCopied = 0;
  await runPendingSteps(
    operation,
    async (step) => {
      switch (step) {
        case 'freeze_writes':
          await savePlacement({ ...source, state: 'migrating' });
          // The audit chain's freeze waits for the append in flight under the head lock: no drain delay.
          if (isLog) await setAuditChainFrozen(source, true);
          else await sleep(options.drainMs ?? placementConfig.writeDrainMs);
          return { from: source.tier };
        case 'copy':
          rowsCopied = isLog ? await copyAuditChain(source, getTarget()) : await copyLayer(source, getTarget());
          return { rows: rowsCopied };
        case 'verify':
          return verifyCopy(operation, source, getTarget());
        case 'switch':
          await savePlacement(getTarget());
          // Thawed only once the placement names it: until then no append can land in the new copy.
          if (isLog) await setAuditChainFrozen(getTarget(), false);
          await evictPool(source);
          // Readers that looked the placement up just before the switch may still use the old copy.
          await sleep(options.drainMs ?? placementConfig.readCacheMs);
          return { tier: toTier };
        case 'destroy_old':
          return { destroyed: source.tier, ...(await destroyLocation(source)) };
        default:
          return runTargetStep(spec, step);
      }
    },
    options,
  );
  await finishOperation(operation, 'succeeded');
  // Admin changes made while the log moved held their events; the chain takes appends again.
  if (isLog) await requestAuditOutboxRelay(tenantId);
  return { operationId: operation.id, rowsCopied, placement: await getPlacement(tenantId, layer) };
}

/**
 * Undoes an unfinished migration that has not switched yet: drops the target, lets writes reach the
 * old copy again, marks the operation rolled back. After the switch only going forward is safe.
 */
export async function rollbackLayerMigration(tenantId: string, layer: Layer): Promise<void> {
  const operation = await getRunningOperation(tenantId, layer);
  if (!operation || operation.kind !== 'migrate') throw new PlacementOperationError('No migration of this layer is in progress.');
  const target = getTargetPlacement(operation, getLatestDataPlaneMigration());
  // The switch commits before the ledger records it: a worker killed in between left the placement
  // naming the target, and dropping the target then would drop the copy that serves.
  if (operation.completedSteps.includes('switch') || isSameLocation(await getPlacement(tenantId, layer), target)) {
    throw new PlacementOperationError('This migration already switched; resume it to finish.');
  }
  const source = await getSourcePlacement(operation);
  // A half-copied chain in the shared tables cannot be deleted (append-only, and the release function
  // refuses while the log is placed elsewhere): it stays frozen there, and a later copy completes it.
  if (!(layer === 'logs' && target.tier === 'namespace')) await destroyLocation(target);
  if (source.isRecorded) await savePlacement({ ...source, state: 'active' });
  if (layer === 'logs') await setAuditChainFrozen(source, false);
  await finishOperation(operation, 'rolled_back');
  if (layer === 'logs') await requestAuditOutboxRelay(tenantId);
}

async function startMigration(tenantId: string, layer: Layer, toTier: Tier, options: MigrateLayerOptions) {
  const current = await getPlacement(tenantId, layer);
  const serverId = options.serverId ?? null;
  if (current.tier === toTier && current.serverId === serverId) throw new PlacementOperationError(`This layer is already at ${toTier} on that server.`);
  if (current.state !== 'active') throw new PlacementOperationError(`This layer is ${current.state}; it can move once it is active.`);
  if (layer === 'logs') assertAuditChainLocation(current);
  // The implicit shared-schema default gets a row, so the freeze and the switch have one to change.
  if (!current.isRecorded) await savePlacement({ ...current, isRecorded: true, migrationVersion: getLatestDataPlaneMigration() });
  const target = await createOperationTarget(tenantId, layer, toTier, serverId);
  return startOrResumeOperation({
    tenantId,
    layer,
    kind: 'migrate',
    fromTier: current.tier,
    toTier,
    steps: [...getTargetSteps(toTier, layer, serverId), ...migrationSteps],
    target,
    sourceKeyId: current.keyId,
    sourceServerId: current.serverId,
  });
}

/**
 * The copy being moved away from: the placement row until the switch; after it, the old location is
 * rebuilt from its deterministic names, on the server recorded when the migration started (an old copy
 * at a free URL of a placement made before servers were registered is then left to the admin).
 */
async function getSourcePlacement(operation: PlacementOperation): Promise<Placement> {
  const layer = operation.layer as Layer;
  const current = await getPlacement(operation.tenantId, layer);
  // A switch that committed before the ledger knew leaves the row naming the target: at the same tier
  // on another server, the tier alone cannot tell the two copies apart, the location can.
  const isSwitched = operation.completedSteps.includes('switch') || isSameLocation(current, getTargetPlacement(operation, getLatestDataPlaneMigration()));
  if (!isSwitched && current.tier === operation.fromTier) return current;
  const fromTier = operation.fromTier!;
  const retired = { ...current, tier: fromTier, state: 'retired' as const, serverId: operation.sourceServerId, keyId: operation.sourceKeyId, isRecorded: true };
  // A shard's rows are deleted as its application role in the tenant's context (RLS confines the
  // delete to this tenant), so its old copy needs that role's password again, sealed afresh.
  if (fromTier === 'namespace' && operation.sourceServerId)
    return { ...retired, ...(await getShardLocation(operation.tenantId, layer, operation.sourceServerId)) };
  const names = getPlacementNames(operation.tenantId, layer, fromTier);
  // The old role's password is not needed to drop it; the shared schema needs no password at all.
  // Its key was recorded when the migration started (the placement row now names the new one).
  return { ...retired, ...names, rolePasswordSealed: null, externalUrlSealed: null };
}

async function verifyCopy(operation: PlacementOperation, source: Placement, target: Placement) {
  // The log's digest re-verifies each copy of the chain end to end (hashes, links, checkpoints, head).
  const digest = source.layer === 'logs' ? digestAuditChain : digestPlacement;
  const [before, after] = await Promise.all([digest(source), digest(target)]);
  const differences = findDigestDifferences(before, after);
  if (differences.length > 0) {
    // Copy again on the next run: new writes may have landed before the freeze took effect.
    await withPlatformSystemAccess('placement worker: redo copy', (tx) =>
      tx.placementOperation.update({ where: { id: operation.id }, data: { completedSteps: operation.completedSteps.filter((step) => step !== 'copy') } }),
    );
    operation.completedSteps = operation.completedSteps.filter((step) => step !== 'copy');
    throw new PlacementOperationError(`The copy differs from the original in ${differences.join(', ')}; run the migration again to copy anew.`);
  }
  const payload: Record<string, string | number> = {};
  for (const [table, { rows, sha256 }] of Object.entries(after.tables)) {
    payload[`${table}.rows`] = rows;
    payload[`${table}.sha256`] = sha256;
  }
  return payload;
}
