import type pg from 'pg';
import { env } from '@/lib/env';
import type { Placement } from './get-placement';
import { openPlacementSecret } from './placement-secrets';
import { placementConfig } from './placement-config';

/** How to reach a placement: a pool configuration and the schema its tables are in. */
export interface ConnectionTarget {
  /** Identifies the pool: one per role, database and schema. */
  key: string;
  poolConfig: pg.PoolConfig;
  schemaName: string;
  /** Pool size this target may use (counted against the registry's cap). */
  size: number;
}

/**
 * The connection for request handling. namespace: the shared application role (NOBYPASSRLS).
 * schema_kms and dedicated: the placement's own role, whose password is opened with the tenant's
 * key here, outside any transaction. search_path pins unqualified SQL to the placement's schema.
 */
export async function resolveConnectionTarget(placement: Placement): Promise<ConnectionTarget> {
  const searchPath = `-c search_path=${placement.schemaName}`;
  if (!placement.roleName) {
    return {
      key: `app/${placement.schemaName}`,
      poolConfig: { connectionString: env.appDatabaseUrl, options: searchPath },
      schemaName: placement.schemaName,
      size: env.databasePoolSize,
    };
  }
  if (!placement.rolePasswordSealed) throw new Error(`Placement ${placement.layer} of ${placement.tenantId} has a role but no password`);
  const password = await openPlacementSecret(placement.tenantId, placement.layer, placement.roleName, 'role_password', placement.rolePasswordSealed);
  const server = placement.externalUrlSealed
    ? await openPlacementSecret(placement.tenantId, placement.layer, placement.roleName, 'external_url', placement.externalUrlSealed)
    : env.appDatabaseUrl;
  const url = new URL(server);
  return {
    key: `${placement.roleName}@${url.host}/${placement.databaseName ?? url.pathname.slice(1)}/${placement.schemaName}`,
    poolConfig: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: placement.roleName,
      password,
      database: placement.databaseName ?? decodeURIComponent(url.pathname.slice(1)),
      options: searchPath,
    },
    schemaName: placement.schemaName,
    size: placementConfig.tenantPoolSize,
  };
}

/** The owner's URL for the server a placement lives on, pointed at `database` (DDL, provisioning). */
export function getOwnerUrlFor(database: string | null, externalServerUrl: string | null): string {
  const url = new URL(externalServerUrl ?? placementConfig.ownerDatabaseUrl);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}
