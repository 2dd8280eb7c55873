import 'server-only';
import type { Placement } from './get-placement';
import type { LayerDigest } from './layer-rows';

/** An event placement appends to an audit chain: one step of a provisioning, migration or upgrade. */
export interface PlacementAuditEvent {
  /** The tenant's chain, or the platform chain's id (`platformChainId`). */
  tenantId: string;
  actor: { type: 'system'; id: string };
  action: 'placement.provision' | 'placement.migrate' | 'placement.upgrade';
  target: string;
  requestId: string;
  outcome: 'success' | 'failure';
  payload: Record<string, string | number | boolean | null>;
}

/**
 * What placement needs of the audit log. The log sits above placement (it asks placement where a
 * tenant's chain lives), yet placement must record its own steps and, for the logs layer, move the
 * chain itself; lib/audit installs this at start-up (installPlacementAuditLog) instead of
 * placement importing it, so the dependency points one way.
 */
export interface AuditLogPort {
  platformChainId: string;
  /** Appends one event and resolves once it is written; a failed append fails the step. */
  record(event: PlacementAuditEvent): Promise<unknown>;
  /** Refuses (true) or again takes (false) appends on the copy of the chain at this placement. */
  setChainFrozen(placement: Placement, frozen: boolean): Promise<void>;
  /** Throws unless a chain can live at this placement (the logs layer's own checks). */
  assertChainLocation(placement: Placement): void;
  /** Copies the chain from source to target and re-verifies it there; the number of events copied. */
  copyChain(source: Placement, target: Placement): Promise<number>;
  digestChain(placement: Placement): Promise<LayerDigest>;
  /** Drops the tenant's chain from the shared tables once its log lives elsewhere; the rows removed. */
  releaseSharedChain(tenantId: string): Promise<number>;
  /** Relays the tenant's held admin-change events into its chain now. */
  requestOutboxRelay(tenantId: string): Promise<void>;
}

// On globalThis: one per process, shared by every bundled copy of this module (as the key-event listeners).
const shared = globalThis as typeof globalThis & { bulkheadPlacementAuditLog?: AuditLogPort };

export function installAuditLogPort(port: AuditLogPort): void {
  shared.bulkheadPlacementAuditLog = port;
}

/**
 * The installed audit log. Fails closed: a placement step that cannot be audited is not taken.
 * @throws Error when nothing installed it (a process entry point that forgot installPlacementAuditLog)
 */
export function getAuditLogPort(): AuditLogPort {
  const port = shared.bulkheadPlacementAuditLog;
  if (!port) throw new Error('placement has no audit log: call installPlacementAuditLog() (lib/audit) when the process starts');
  return port;
}

// The port's operations under the names placement's steps use.

export const recordPlacementEvent = (event: PlacementAuditEvent) => getAuditLogPort().record(event);
export const setAuditChainFrozen = (placement: Placement, frozen: boolean) => getAuditLogPort().setChainFrozen(placement, frozen);
export const assertAuditChainLocation = (placement: Placement) => getAuditLogPort().assertChainLocation(placement);
export const copyAuditChain = (source: Placement, target: Placement) => getAuditLogPort().copyChain(source, target);
export const digestAuditChain = (placement: Placement) => getAuditLogPort().digestChain(placement);
export const releaseSharedAuditChain = (tenantId: string) => getAuditLogPort().releaseSharedChain(tenantId);
export const requestAuditOutboxRelay = (tenantId: string) => getAuditLogPort().requestOutboxRelay(tenantId);
