import { createHash } from 'node:crypto';
import type pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
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
      ...toPlacementConnection(server, placement.roleName, password, placement.databaseName ?? decodeURIComponent(url.pathname.slice(1))),
      options: searchPath,
      application_name: describeProcess(),
    },
    schemaName: placement.schemaName,
    size: placementConfig.tenantPoolSize,
  };
}

/**
 * How to reach a placement on `serverUrl` as its own role: the server's host and port, and its TLS
 * settings (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`, read by the pg driver's own parser), so a
 * placement connects exactly as securely as its server is configured to; the role, password and
 * database are the placement's.
 */
export function toPlacementConnection(serverUrl: string, role: string, password: string, database: string): pg.ClientConfig {
  const server = parseIntoClientConfig(serverUrl);
  return { host: server.host, port: server.port ?? 5432, ssl: server.ssl ?? false, user: role, password, database };
}

/** The owner's URL for the server a placement lives on, pointed at `database` (DDL, provisioning). */
export function getOwnerUrlFor(database: string | null, externalServerUrl: string | null): string {
  const url = new URL(externalServerUrl ?? placementConfig.ownerDatabaseUrl);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}
