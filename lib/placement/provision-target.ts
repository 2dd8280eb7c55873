import 'server-only';
import { env } from '@/lib/env';
import { getOwnerUrlFor } from './connection-target';
import type { Layer, Tier } from './layers';
import type { PlacementNames } from './naming';
import { applyDataPlaneMigrations, getLatestDataPlaneMigration } from './data-plane-migrations';
import type { PlacementOperation } from './operation-ledger';
import { isAssumedLocation } from './connection-target';
import { ensureDatabase, ensureRole, ensureSchema, grantAssumableRole, grantPlacementAccess, withOwnerConnection } from './placement-ddl';
import { ensureOperationKey } from './placement-keys';
import type { StepPayload } from './run-steps';

/** Everything needed to build one placement's location; secrets already opened. */
export interface TargetSpec {
  /** The operation building it: the ensure_key step names the placement key after it and records it there. */
  operation: PlacementOperation;
  tenantId: string;
  layer: Layer;
  tier: Tier;
  names: PlacementNames;
  rolePassword: string | null;
  /** Another server for a dedicated placement (owner-capable URL), or null for this one. */
  externalServerUrl: string | null;
}

/**
 * The steps that build a location of `tier` (on registered server `serverId`, null: this one), each
 * idempotent. A namespace log needs none: it is the control plane's audit tables, which the
 * control-plane migrations build and grant.
 */
export function getTargetSteps(tier: Tier, layer: Layer, serverId: string | null = null): string[] {
  // A shard is built (or re-asserted, every step idempotent) by the first move onto it: its database,
  // its application role, the shared schema with the data-plane migrations, the role's grants.
  if (tier === 'namespace' && serverId) return ['create_database', 'create_role', 'create_schema', 'apply_migrations', 'grant_access'];
  if (tier === 'namespace') return layer === 'logs' ? [] : ['create_schema', 'apply_migrations', 'grant_access'];
  if (tier === 'schema_kms') return ['ensure_key', 'create_role', 'create_schema', 'apply_migrations', 'grant_access'];
  return ['ensure_key', 'create_database', 'create_role', 'create_schema', 'apply_migrations', 'grant_access'];
}

/** Runs one of getTargetSteps(tier) as the owner. Returns what the audit event should record. */
export async function runTargetStep(spec: TargetSpec, step: string): Promise<StepPayload> {
  const { names } = spec;
  const serverUrl = getOwnerUrlFor(null, spec.externalServerUrl);
  const databaseUrl = getOwnerUrlFor(names.databaseName, spec.externalServerUrl);
  const databaseName = names.databaseName ?? decodeURIComponent(new URL(serverUrl).pathname.slice(1));
  switch (step) {
    case 'ensure_key':
      return ensureOperationKey(spec.operation);
    case 'create_database':
      await withOwnerConnection(serverUrl, (owner) => ensureDatabase(owner, databaseName));
      return { database: databaseName };
    case 'create_role':
      await withOwnerConnection(serverUrl, (owner) => ensureRole(owner, requireRole(spec), requirePassword(spec)));
      return { role: requireRole(spec) };
    case 'create_schema':
      await withOwnerConnection(databaseUrl, (owner) => ensureSchema(owner, names.schemaName));
      return { schema: names.schemaName };
    case 'apply_migrations': {
      const applied = await withOwnerConnection(databaseUrl, (owner) => applyDataPlaneMigrations(owner, names.schemaName));
      return { applied: applied.join(',') || null, version: getLatestDataPlaneMigration() };
    }
    case 'grant_access': {
      // The shared schema is reached by the application role (on a shard, the shard's); the others by their own role.
      const appRole = decodeURIComponent(new URL(env.appDatabaseUrl).username);
      const role = names.roleName ?? appRole;
      const isAssumed = isAssumedLocation(names.roleName, names.databaseName, spec.externalServerUrl);
      await withOwnerConnection(databaseUrl, async (owner) => {
        await grantPlacementAccess(owner, names.schemaName, role, databaseName);
        if (isAssumed) await grantAssumableRole(owner, role, appRole);
      });
      return isAssumed ? { role, assumedBy: appRole } : { role };
    }
    default:
      throw new Error(`Unknown placement step ${step}`);
  }
}

function requireRole(spec: TargetSpec): string {
  if (!spec.names.roleName) throw new Error(`${spec.tier} has no role of its own`);
  return spec.names.roleName;
}

function requirePassword(spec: TargetSpec): string {
  if (!spec.rolePassword) throw new Error('A role needs a password');
  return spec.rolePassword;
}
