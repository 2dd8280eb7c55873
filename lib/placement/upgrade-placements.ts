import 'server-only';
import { env } from '@/lib/env';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { recordPlacementEvent } from './audit-log-port';
import { getOwnerUrlFor, isAssumedLocation } from './connection-target';
import { applyDataPlaneMigrations, getLatestDataPlaneMigration } from './data-plane-migrations';
import type { Layer } from './layers';
import { SHARED_SCHEMA } from './layers';
import { getCopyServerOwnerUrl } from './servers/get-server-owner-url';
import { grantAssumableRole, grantPlacementAccess, withOwnerConnection } from './placement-ddl';

export interface UpgradeOutcome {
  tenantId: string | null;
  layer: Layer | null;
  location: string;
  applied: string[];
  error?: string;
}

/**
 * Brings the shared `data_plane` schema to the newest data-plane migration and re-grants it to the
 * application role. Run after the control-plane migrations on every deploy (and by tests).
 */
export async function upgradeSharedSchema(): Promise<string[]> {
  const database = decodeURIComponent(new URL(env.appDatabaseUrl).pathname.slice(1));
  const appRole = decodeURIComponent(new URL(env.appDatabaseUrl).username);
  return withOwnerConnection(getOwnerUrlFor(null, null), async (owner) => {
    await owner.query(`CREATE SCHEMA IF NOT EXISTS ${SHARED_SCHEMA}`);
    const applied = await applyDataPlaneMigrations(owner, SHARED_SCHEMA);
    await grantPlacementAccess(owner, SHARED_SCHEMA, appRole, database);
    return applied;
  });
}

/**
 * Upgrades every placement to the newest data-plane migration: the shared schema, then each
 * tenant schema and database, one at a time. A failure is reported for its tenant and the rest go
 * on; each upgraded placement is audited and its migration version recorded.
 */
export async function upgradeAllPlacements(onOutcome: (outcome: UpgradeOutcome, index: number, total: number) => void = () => {}): Promise<UpgradeOutcome[]> {
  const placements = await withPlatformSystemAccess('placement worker: upgrade all', (tx) =>
    tx.placement.findMany({ where: { roleName: { not: null }, state: { in: ['active', 'migrating'] } }, orderBy: [{ tenantId: 'asc' }, { layer: 'asc' }] }),
  );
  const outcomes: UpgradeOutcome[] = [];
  const total = placements.length + 1;
  const report = (outcome: UpgradeOutcome) => {
    outcomes.push(outcome);
    onOutcome(outcome, outcomes.length, total);
  };
  try {
    report({ tenantId: null, layer: null, location: SHARED_SCHEMA, applied: await upgradeSharedSchema() });
  } catch (error) {
    report({ tenantId: null, layer: null, location: SHARED_SCHEMA, applied: [], error: (error as Error).message });
  }
  const latest = getLatestDataPlaneMigration();
  // A namespace shard's tables are shared by every tenant placed there: upgraded once per run.
  const upgradedShards = new Set<string>();
  for (const placement of placements) {
    const location = placement.databaseName ? `database ${placement.databaseName}` : `schema ${placement.schemaName}`;
    const base = { tenantId: placement.tenantId, layer: placement.layer, location };
    const shardKey = placement.tier === 'namespace' ? `${placement.serverId}/${placement.databaseName}` : null;
    try {
      if (shardKey && upgradedShards.has(shardKey)) {
        await withPlatformSystemAccess('placement worker: upgrade all', (tx) =>
          tx.placement.update({ where: { tenantId_layer: { tenantId: placement.tenantId, layer: placement.layer } }, data: { migrationVersion: latest } }),
        );
        report({ ...base, applied: [] });
        continue;
      }
      const databaseUrl = getOwnerUrlFor(placement.databaseName, await getCopyServerOwnerUrl(placement));
      const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      const applied = await withOwnerConnection(databaseUrl, async (owner) => {
        const names = await applyDataPlaneMigrations(owner, placement.schemaName);
        await grantPlacementAccess(owner, placement.schemaName, placement.roleName!, database);
        // Placements made before requests shared one pool get the application role's membership here.
        if (isAssumedLocation(placement.roleName, placement.databaseName, placement.externalUrlSealed)) {
          await grantAssumableRole(owner, placement.roleName, decodeURIComponent(new URL(env.appDatabaseUrl).username));
        }
        return names;
      });
      if (shardKey) upgradedShards.add(shardKey);
      await withPlatformSystemAccess('placement worker: upgrade all', (tx) =>
        tx.placement.update({ where: { tenantId_layer: { tenantId: placement.tenantId, layer: placement.layer } }, data: { migrationVersion: latest } }),
      );
      if (applied.length > 0) {
        await recordPlacementEvent({
          tenantId: placement.tenantId,
          actor: { type: 'system', id: 'placement-worker' },
          action: 'placement.upgrade',
          target: `${placement.layer}:apply_migrations`,
          requestId: `upgrade-${latest}`,
          outcome: 'success',
          payload: { layer: placement.layer, applied: applied.join(','), version: latest },
        });
      }
      report({ ...base, applied });
    } catch (error) {
      report({ ...base, applied: [], error: (error as Error).message });
    }
  }
  return outcomes;
}
