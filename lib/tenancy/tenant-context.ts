import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { assertTenantId } from './tenant-id';

// The one place that knows how tenant context is set: `app.tenant_id`, transaction-local
// (`set_config(..., true)`), so it dies with the transaction and never rides a pooled connection
// into another request. Every RLS policy reads exactly this setting. withTenant, withTenantSql,
// lib/placement and the test helpers all call one of the functions here; nothing else sets it.
//
// On the shared placement pool the same statement also takes the placement's role and schema
// (`role` and `search_path`, transaction-local too), so a connection returns to the pool as the
// application role, which holds none of the placement roles' rights.

/** A placement role and schema a transaction takes on a shared pool (lib/placement/connection-target.ts). */
export interface AssumedRole {
  role: string;
  schema: string;
}

/** Inside a Prisma interactive transaction (any generated client: control or data plane). */
export async function setTenantContext(tx: Pick<Prisma.TransactionClient, '$executeRaw'>, tenantId: string, assumed: AssumedRole | null = null): Promise<void> {
  assertTenantId(tenantId);
  if (!assumed) {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return;
  }
  assertAssumable(assumed);
  await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${assumed.role}, true), set_config('search_path', ${assumed.schema}, true)`;
}

/** Inside a transaction already begun on a plain `pg` client. */
export async function setTenantContextOnClient(
  client: { query(text: string, values?: unknown[]): Promise<unknown> },
  tenantId: string,
  assumed: AssumedRole | null = null,
): Promise<void> {
  assertTenantId(tenantId);
  if (!assumed) {
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return;
  }
  assertAssumable(assumed);
  await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('role', $2, true), set_config('search_path', $3, true)", [
    tenantId,
    assumed.role,
    assumed.schema,
  ]);
}

/**
 * BEGIN and the setting in one round trip, for the gateway's hot path. A multi-statement query
 * cannot bind parameters, so the id goes in as a literal: safe only because assertTenantId admits
 * nothing but a UUID (hex digits and hyphens). `readOnly` makes the whole transaction refuse writes;
 * `statementTimeoutMs` bounds each statement (pools that set no timeout of their own).
 */
export function buildBeginWithTenantContext(
  tenantId: string,
  options: { readOnly?: boolean; statementTimeoutMs?: number; assumed?: AssumedRole | null } = {},
): string {
  assertTenantId(tenantId);
  const statements = [options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'];
  if (options.statementTimeoutMs !== undefined) statements.push(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(options.statementTimeoutMs))}`);
  statements.push(buildTenantContextSwitch(tenantId, options.assumed ?? null));
  return statements.join('; ');
}

/**
 * The setting alone (and the placement's role and schema when given), for a transaction already
 * begun: a later one in the same transaction replaces it. For writers that commit several tenants'
 * writes together (buildPerTenantTransaction, the grouped audit append); every statement runs
 * under the tenant set just before it. Literals, as in buildBeginWithTenantContext.
 */
export function buildTenantContextSwitch(tenantId: string, assumed: AssumedRole | null): string {
  assertTenantId(tenantId);
  const settings = [`set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`];
  if (assumed) {
    // Literals for the same reason as the id: names from lib/placement/naming.ts, checked here.
    assertAssumable(assumed);
    settings.push(`set_config('role', '${assumed.role}', true)`, `set_config('search_path', '${assumed.schema}', true)`);
  }
  return `SELECT ${settings.join(', ')}`;
}

/**
 * Several tenants' writes in one transaction and one round trip: BEGIN, then for each tenant its
 * setting followed by its statement, then COMMIT. For background writers that would otherwise commit
 * once per tenant (the usage sums, flushed every second for every tenant served meanwhile): with
 * traffic spread over many tenants, that was a commit per request. Each statement runs under the
 * tenant set just before it, so RLS confines it exactly as in its own transaction; a failure in any
 * of them rolls back all (the caller retries them one by one).
 */
export function buildPerTenantTransaction(writes: readonly { tenantId: string; statement: string }[]): string {
  const statements = ['BEGIN'];
  for (const { tenantId, statement } of writes) statements.push(buildTenantContextSwitch(tenantId, null), statement);
  statements.push('COMMIT');
  return statements.join('; ');
}

// Placement roles and schemas are lower-case letters, digits and underscores (naming.ts): nothing
// that could close a literal or name a second schema.
const PLACEMENT_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertAssumable(assumed: AssumedRole): void {
  if (!PLACEMENT_NAME.test(assumed.role) || !PLACEMENT_NAME.test(assumed.schema)) throw new TypeError('Not a placement role and schema name');
}
