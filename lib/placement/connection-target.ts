import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { describeProcess } from '@/lib/db/process-identity';
import { env } from '@/lib/env';
import type { Placement } from './get-placement';
import { openPlacementSecret } from './placement-secrets';
import { SHARED_SCHEMA } from './layers';
import { placementConfig } from './placement-config';

/**
 * A placement's role and schema, taken by each transaction on the server's shared pool instead of
 * by a login of the role's own (see resolveRequestTarget).
 */
export interface AssumedPlacement {
  role: string;
  schema: string;
}

/** How to reach a placement: a pool configuration and the schema its tables are in. */
export interface ConnectionTarget {
  /**
   * Identifies the pool: one per role, database, schema and credentials. A location re-created under
   * the same names (a layer that moved away and came back) has a new role password, so a new key: no
   * process can reuse a pool whose connections or password belong to the earlier location. Targets
   * that assume their role share the key of the server's shared pool.
   */
  key: string;
  /** Identifies the location itself (the same names and credentials), whichever pool reaches it. */
  locationKey: string;
  /** For a tenant's own role: whose placement this is, so a switch notice can retire its older pools. */
  placement?: { tenantId: string; layer: Placement['layer']; generation: number };
  poolConfig: pg.PoolConfig;
  schemaName: string;
  /** Pool size this target may use (counted against the registry's cap). */
  size: number;
  /** Set when the pool is shared: every transaction must take this role and schema first (tenant-context.ts). */
  assumed: AssumedPlacement | null;
}

/**
 * The connection for request handling. namespace: the shared application role (NOBYPASSRLS), or on
 * a shard server that server's application role (NOBYPASSRLS, owns nothing). schema_kms and
 * dedicated: the placement's own role. A password is opened with the tenant's key here, outside any
 * transaction. search_path pins unqualified SQL to the placement's schema.
 */
export async function resolveConnectionTarget(placement: Placement): Promise<ConnectionTarget> {
  const searchPath = `-c search_path=${placement.schemaName}`;
  if (!placement.roleName) {
    const key = `app/${placement.schemaName}`;
    return {
      key,
      locationKey: key,
      assumed: null,
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
  const connection = toPlacementConnection(server, placement.roleName, password, placement.databaseName ?? decodeURIComponent(url.pathname.slice(1)));
  if (placement.tier === 'namespace') {
    // A namespace shard on another server: every tenant there connects as the shard's one
    // application role, so they share one pool per process (a pool per tenant would multiply the
    // sessions by the tenants on it). Like the control plane's shared tables, the pool is no tenant's:
    // each transaction's first statement sets the tenant, and RLS does the rest.
    const key = `shard/${placement.roleName}@${url.host}/${placement.databaseName}`;
    return {
      key,
      locationKey: key,
      assumed: null,
      poolConfig: { ...connection, options: searchPath, application_name: describeProcess() },
      schemaName: placement.schemaName,
      size: env.databasePoolSize,
    };
  }
  const key = describeLocation(placement, url.host, placement.databaseName ?? url.pathname.slice(1));
  return {
    key,
    locationKey: key,
    assumed: null,
    placement: { tenantId: placement.tenantId, layer: placement.layer, generation: placement.generation },
    poolConfig: {
      ...connection,
      options: searchPath,
      application_name: describeProcess(),
    },
    schemaName: placement.schemaName,
    size: placementConfig.tenantPoolSize,
  };
}

/**
 * The connection for requests on the hot path. A schema_kms placement on the application's own
 * server is reached through one pool shared by every such placement: the application role logs in,
 * and each transaction first takes the placement's role and schema, transaction-locally
 * (`set_config('role', ..., true)`; the app role is a member of each placement role WITH INHERIT
 * FALSE, so outside such a transaction it holds none of their rights). With a pool per role, 1,000
 * tenants' traffic under one connection cap would close and re-authenticate connections all the
 * time; this way every tenant shares warm connections and no role password is opened on the hot
 * path. Dedicated placements (their own database) and placements on other servers log in as their
 * own role (resolveConnectionTarget). The trust argument is in docs/architecture.md. The pool is
 * split into lanes by schema (placementConfig.sharedPoolLanes) so each connection plans statements
 * for a share of the schemas only.
 */
export async function resolveRequestTarget(placement: Placement): Promise<ConnectionTarget> {
  if (!isAssumedLocation(placement.roleName, placement.databaseName, placement.externalUrlSealed)) return resolveConnectionTarget(placement);
  if (!placement.rolePasswordSealed) throw new Error(`Placement ${placement.layer} of ${placement.tenantId} has a role but no password`);
  const server = new URL(env.appDatabaseUrl);
  const lanes = placementConfig.sharedPoolLanes;
  return {
    key: `assumed@${server.host}${server.pathname}#${laneOf(placement.schemaName, lanes)}`,
    locationKey: describeLocation(placement, server.host, server.pathname.slice(1)),
    // Unqualified statements a connection PREPAREs outside a transaction resolve against the shared
    // data-plane tables; PostgreSQL re-analyses them under each transaction's own search_path.
    poolConfig: { connectionString: env.appDatabaseUrl, options: `-c search_path=${SHARED_SCHEMA}`, application_name: describeProcess() },
    schemaName: placement.schemaName,
    size: Math.ceil(placementConfig.sharedPoolSize / lanes),
    assumed: { role: placement.roleName, schema: placement.schemaName },
  };
}

/** The lane of the shared pool that serves `schema`: the same in every process, spread evenly by a hash of the name. */
export function laneOf(schema: string, lanes: number): number {
  return createHash('sha256').update(schema).digest().readUInt32BE(0) % lanes;
}

/** A placement with a role of its own, in a schema of the application's own database and server: reached by assuming its role. */
export function isAssumedLocation(roleName: string | null, databaseName: string | null, externalServer: string | null): roleName is string {
  return roleName !== null && databaseName === null && externalServer === null;
}

// Role, server, database, schema and a fingerprint of the sealed role password: a location
// re-created under the same names has new credentials, so a new identity.
function describeLocation(placement: Placement, host: string, database: string): string {
  const credentials = createHash('sha256')
    .update(placement.rolePasswordSealed ?? '')
    .digest('hex')
    .slice(0, 16);
  return `${placement.roleName}@${host}/${database}/${placement.schemaName}#${credentials}`;
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
