import { createHash } from 'node:crypto';
import type pg from 'pg';
import { describeProcess } from '@/lib/db/process-identity';
import { env } from '@/lib/env';
import type { Placement } from './get-placement';
import { openPlacementSecret } from './placement-secrets';
import { placementConfig } from './placement-config';

/** How to reach a placement: a pool configuration and the schema its tables are in. */
export interface ConnectionTarget {
  /**
   * Identifies the pool: one per role, database, schema and credentials. A location re-created under
   * the same names (a layer that moved away and came back) has a new role password, so a new key: no
   * process can reuse a pool whose connections or password belong to the earlier location.
   */
  key: string;
  /** For a tenant's own role: whose placement this is, so a switch notice can retire its older pools. */
  placement?: { tenantId: string; layer: Placement['layer']; generation: number };
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
      poolConfig: { connectionString: env.appDatabaseUrl, options: searchPath, application_name: describeProcess() },
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
  const credentials = createHash('sha256').update(placement.rolePasswordSealed).digest('hex').slice(0, 16);
  return {
    key: `${placement.roleName}@${url.host}/${placement.databaseName ?? url.pathname.slice(1)}/${placement.schemaName}#${credentials}`,
    placement: { tenantId: placement.tenantId, layer: placement.layer, generation: placement.generation },
    poolConfig: {
      connectionString: toPlacementConnectionString(server, placement.roleName, password, placement.databaseName ?? decodeURIComponent(url.pathname.slice(1))),
      options: searchPath,
      application_name: describeProcess(),
    },
    schemaName: placement.schemaName,
    size: placementConfig.tenantPoolSize,
  };
}

/**
 * The server's URL with the placement's role, password and database in it. Everything else the
 * server URL says is kept, TLS above all (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`, as the pg
 * driver reads them), so a placement connects exactly as securely as its server is configured to. The
 * search path and application name are the target's own: the URL's are dropped, since the driver lets
 * a connection string's parameters win over the pool's settings.
 */
export function toPlacementConnectionString(serverUrl: string, role: string, password: string, database: string): string {
  const url = new URL(serverUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.delete('options');
  url.searchParams.delete('application_name');
  return url.toString();
}

/** The owner's URL for the server a placement lives on, pointed at `database` (DDL, provisioning). */
export function getOwnerUrlFor(database: string | null, externalServerUrl: string | null): string {
  const url = new URL(externalServerUrl ?? placementConfig.ownerDatabaseUrl);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}
