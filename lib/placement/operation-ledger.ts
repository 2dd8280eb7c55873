import 'server-only';
import type { PlacementOperation } from '@/lib/generated/prisma/client';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { getAuditLogPort, recordPlacementEvent, type PlacementAuditEvent } from './audit-log-port';
import { PlacementOperationError } from './errors';
import type { Layer, Tier } from './layers';

export type OperationKind = 'provision' | 'migrate' | 'upgrade';
export type { PlacementOperation };

const reason = 'placement worker: operation ledger';
const auditActions: Record<OperationKind, PlacementAuditEvent['action']> = {
  provision: 'placement.provision',
  migrate: 'placement.migrate',
  upgrade: 'placement.upgrade',
};

export interface OperationStart {
  tenantId: string;
  layer: Layer;
  kind: OperationKind;
  fromTier: Tier | null;
  toTier: Tier;
  steps: string[];
  /** keyId: the target's placement key when it already has one (provisioning an existing placement again). */
  target: {
    schemaName: string;
    databaseName: string | null;
    roleName: string | null;
    rolePasswordSealed: string | null;
    externalUrlSealed: string | null;
    keyId: string | null;
    /** The registered server the target is built on; null: the control plane's own server. */
    serverId: string | null;
  };
  /** A migration's source key, shredded with the source copy once it is destroyed. */
  sourceKeyId?: string | null;
  /** The server the source copy is on, where it is destroyed once the switch is done. */
  sourceServerId?: string | null;
}

/**
 * The running operation of (tenant, layer) if there is one (resume it), else a new one. One layer
 * has at most one running operation: a different one in progress is refused. Locked per layer, so
 * two workers cannot both start.
 */
export async function startOrResumeOperation(start: OperationStart): Promise<PlacementOperation> {
  return withPlatformSystemAccess(reason, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bulkhead-placement:${start.tenantId}:${start.layer}`}))`;
    const running = await tx.placementOperation.findFirst({ where: { tenantId: start.tenantId, layer: start.layer, status: 'running' } });
    if (running) {
      if (running.kind !== start.kind || running.toTier !== start.toTier) {
        throw new PlacementOperationError(`A ${running.kind} of this layer to ${running.toTier} is in progress; resume or roll it back first.`);
      }
      return running;
    }
    return tx.placementOperation.create({
      data: {
        tenantId: start.tenantId,
        layer: start.layer,
        kind: start.kind,
        fromTier: start.fromTier,
        toTier: start.toTier,
        status: 'running',
        steps: start.steps,
        ...start.target,
        sourceKeyId: start.sourceKeyId ?? null,
        sourceServerId: start.sourceServerId ?? null,
      },
    });
  });
}

export function getRunningOperation(tenantId: string, layer: Layer) {
  return withPlatformSystemAccess(reason, (tx) => tx.placementOperation.findFirst({ where: { tenantId, layer, status: 'running' } }));
}

/** Marks a step done and audits it. A step is done only after its work committed, so a crash redoes at most that step (each is idempotent). */
export async function completeStep(operation: PlacementOperation, step: string, payload: Record<string, string | number | boolean | null> = {}) {
  await withPlatformSystemAccess(reason, (tx) => tx.placementOperation.update({ where: { id: operation.id }, data: { completedSteps: { push: step } } }));
  operation.completedSteps.push(step);
  await auditStep(operation, step, 'success', payload);
}

export async function finishOperation(operation: PlacementOperation, status: 'succeeded' | 'failed' | 'rolled_back', error?: string) {
  await withPlatformSystemAccess(reason, (tx) =>
    tx.placementOperation.update({ where: { id: operation.id }, data: { status, error: error ?? null, finishedAt: new Date() } }),
  );
  await auditStep(operation, status, status === 'succeeded' ? 'success' : 'failure', error ? { error } : {});
}

/** Records why a step failed; the operation stays running so it can be resumed or rolled back. */
export async function recordStepFailure(operation: PlacementOperation, step: string, message: string) {
  await withPlatformSystemAccess(reason, (tx) => tx.placementOperation.update({ where: { id: operation.id }, data: { error: `${step}: ${message}` } }));
  await auditStep(operation, step, 'failure', { error: message });
}

/**
 * A step's event goes to the tenant's chain, except while the tenant's chain is itself being moved:
 * a log migration's steps are recorded in the platform chain (naming the tenant), because the
 * tenant's chain refuses appends from the freeze to the switch. Its outcome goes to the tenant's
 * chain, which by then (switched, or rolled back) takes appends again.
 */
function auditStep(operation: PlacementOperation, step: string, outcome: 'success' | 'failure', payload: Record<string, string | number | boolean | null>) {
  const isLogMove = operation.layer === 'logs' && operation.kind === 'migrate' && !['succeeded', 'rolled_back'].includes(step);
  return recordPlacementEvent({
    tenantId: isLogMove ? getAuditLogPort().platformChainId : operation.tenantId,
    actor: { type: 'system', id: 'placement-worker' },
    action: auditActions[operation.kind as OperationKind],
    target: `${operation.layer}:${step}`,
    requestId: operation.id,
    outcome,
    payload: {
      layer: operation.layer,
      fromTier: operation.fromTier,
      toTier: operation.toTier,
      step,
      ...(isLogMove ? { tenantId: operation.tenantId } : {}),
      ...payload,
    },
  });
}
