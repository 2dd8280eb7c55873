import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { SHARED_SCHEMA } from './layers';

// DDL for placements, run as the owner role. Identifiers come from naming.ts (hex and fixed words)
// and are quoted anyway; passwords go through escapeLiteral (DDL takes no bound parameters).

const id = pg.escapeIdentifier;

export async function withOwnerConnection<T>(url: string, work: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  try {
    // GRANT/REVOKE/CREATE on one catalog row from two sessions at once fails with "tuple concurrently
    // updated": placement DDL is rare, so it runs one at a time (the lock ends with the session).
    await owner.query("SELECT pg_advisory_lock(hashtext('bulkhead.placement_ddl'))");
    return await work(owner);
  } finally {
    await owner.end().catch(() => {});
  }
}

export async function ensureDatabase(owner: pg.Client, database: string): Promise<void> {
  const found = await owner.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await owner.query(`CREATE DATABASE ${id(database)} ENCODING 'UTF8'`);
  // Nobody but the placement's role may even connect (PUBLIC has CONNECT by default).
  await owner.query(`REVOKE ALL ON DATABASE ${id(database)} FROM PUBLIC`);
}

/** LOGIN only: no superuser, no RLS bypass, no inherited rights, no power to create anything. */
export async function ensureRole(owner: pg.Client, role: string, password: string): Promise<void> {
  const found = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const passwordClause = `PASSWORD ${owner.escapeLiteral(password)}`;
  if (found.rowCount === 0) {
    await owner.query(`CREATE ROLE ${id(role)} WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION ${passwordClause}`);
  } else {
    // Only a superuser may even name SUPERUSER, BYPASSRLS or REPLICATION in ALTER ROLE; a role this owner created never had them.
    await owner.query(`ALTER ROLE ${id(role)} WITH LOGIN NOCREATEDB NOCREATEROLE NOINHERIT ${passwordClause}`);
  }
}

/**
 * Lets the application role take `role` inside a transaction (`set_config('role', ..., true)`) on
 * the server's shared pool, without inheriting any of its rights outside one (INHERIT FALSE) and
 * without the power to pass it on (ADMIN FALSE). Only for schema_kms placements on the
 * application's own server (connection-target.ts, resolveRequestTarget); dropping the role ends it.
 */
export async function grantAssumableRole(owner: pg.Client, role: string, appRole: string): Promise<void> {
  await owner.query(`GRANT ${id(role)} TO ${id(appRole)} WITH INHERIT FALSE, SET TRUE, ADMIN FALSE`);
}

export async function ensureSchema(owner: pg.Client, schema: string): Promise<void> {
  await owner.query(`CREATE SCHEMA IF NOT EXISTS ${id(schema)}`);
  await owner.query(`REVOKE ALL ON SCHEMA ${id(schema)} FROM PUBLIC`);
}

/**
 * The role gets USAGE on this one schema and row privileges on its data tables, nothing on the
 * migration ledger, and CONNECT on this one database; `database` is the connected one. The audit
 * chain's tables are append-only for it: read and insert, and move the head (never freeze or thaw
 * it: the placement worker does that as the owner); retention marks are written only by the owner.
 */
export async function grantPlacementAccess(owner: pg.Client, schema: string, role: string, database: string): Promise<void> {
  assertNotControlPlaneSchema(schema);
  const s = id(schema);
  await owner.query(`GRANT CONNECT ON DATABASE ${id(database)} TO ${id(role)}`);
  await owner.query(`GRANT USAGE ON SCHEMA ${s} TO ${id(role)}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${id(role)}`);
  await owner.query(`REVOKE ALL ON ${s}."_prisma_migrations" FROM ${id(role)}`);
  if (await hasTable(owner, schema, 'audit_events')) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}."audit_events", ${s}."audit_heads", ${s}."audit_retention_marks" FROM ${id(role)}`);
    await owner.query(`REVOKE INSERT ON ${s}."audit_retention_marks" FROM ${id(role)}`);
    await owner.query(`GRANT UPDATE ("seq", "hash", "time") ON ${s}."audit_heads" TO ${id(role)}`);
  }
  if (await hasTable(owner, schema, 'audit_outbox_applied')) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}."audit_outbox_applied" FROM ${id(role)}`);
  }
}

/** A placement never gets the control plane's `public` schema (where the namespace log lives): no grant, no migration. */
export function assertNotControlPlaneSchema(schema: string): void {
  if (schema === 'public') throw new Error('Refusing placement DDL on the public schema');
}

// Placements upgraded from before the logs migrations may be asked for grants in between.
async function hasTable(owner: pg.Client, schema: string, table: string): Promise<boolean> {
  const { rows } = await owner.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`${id(schema)}.${id(table)}`]);
  return rows[0].found;
}

/** The old copy of a schema_kms placement: its schema, then its role (after its other grants). */
export async function dropSchemaPlacement(owner: pg.Client, schema: string, role: string, database: string): Promise<void> {
  if (schema === SHARED_SCHEMA) throw new Error('Refusing to drop the shared data-plane schema');
  await owner.query(`DROP SCHEMA IF EXISTS ${id(schema)} CASCADE`);
  await dropRole(owner, role, database);
}

/** The old copy of a dedicated placement: the whole database, then its role. */
export async function dropDatabasePlacement(owner: pg.Client, database: string, role: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await owner.query(`DROP DATABASE IF EXISTS ${id(database)} WITH (FORCE)`);
      break;
    } catch (error) {
      // FORCE must terminate every session first; one still authenticating has no role yet, and only a
      // superuser may end that. It has one in a moment: try again, a few times, then give up loudly.
      if ((error as { code?: string }).code !== '42501' || attempt === 5) throw error;
      await sleep(200 * attempt);
    }
  }
  await dropRole(owner, role, null);
}

async function dropRole(owner: pg.Client, role: string, database: string | null) {
  const found = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (found.rowCount === 0) return;
  if (database) await owner.query(`REVOKE ALL ON DATABASE ${id(database)} FROM ${id(role)}`);
  await owner.query(`DROP ROLE ${id(role)}`);
}
