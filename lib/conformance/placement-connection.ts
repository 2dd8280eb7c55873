import 'server-only';
import pg from 'pg';
import { resolveConnectionTarget } from '@/lib/placement/connection-target';
import type { Placement } from '@/lib/placement/get-placement';
import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';

/**
 * A plain connection to a placement as the role the application uses for it (the app role for
 * namespace, the placement's own role otherwise), bypassing withTenantData on purpose: an attack
 * must be able to try what the helpers would never do.
 */
export async function connectToPlacement(placement: Placement, overrides: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ ...(await resolveConnectionTarget(placement)).poolConfig, ...overrides });
  await client.connect();
  return client;
}

/**
 * Runs `work` in a transaction that is always rolled back, with `app.tenant_id` set to `tenantId`
 * (or unset when null), through lib/tenancy's own setter.
 */
export async function inRolledBackTransaction<T>(client: pg.Client, tenantId: string | null, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    if (tenantId) await setTenantContextOnClient(client, tenantId);
    return await work();
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/**
 * Every table of the schema with a tenant_id column that the connected role may read (a table it
 * cannot SELECT, such as the insert-only audit outbox, cannot leak rows to it).
 */
export async function findTenantTables(client: pg.Client, schemaName: string): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY c.relname`,
    [schemaName],
  );
  return rows.map((row) => row.relname);
}
