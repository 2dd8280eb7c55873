import type { Prisma } from '@/lib/generated/prisma/client';
import { assertTenantId } from './tenant-id';

// The one place that knows how tenant context is set: `app.tenant_id`, transaction-local
// (`set_config(..., true)`), so it dies with the transaction and never rides a pooled connection
// into another request. Every RLS policy reads exactly this setting. withTenant, withTenantSql,
// lib/placement and the test helpers all call one of these three; nothing else sets it.

/** Inside a Prisma interactive transaction (any generated client: control or data plane). */
export async function setTenantContext(tx: Pick<Prisma.TransactionClient, '$executeRaw'>, tenantId: string): Promise<void> {
  assertTenantId(tenantId);
  await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
}

/** Inside a transaction already begun on a plain `pg` client. */
export async function setTenantContextOnClient(client: { query(text: string, values?: unknown[]): Promise<unknown> }, tenantId: string): Promise<void> {
  assertTenantId(tenantId);
  await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
}

/**
 * BEGIN and the setting in one round trip, for the gateway's hot path. A multi-statement query
 * cannot bind parameters, so the id goes in as a literal: safe only because assertTenantId admits
 * nothing but a UUID (hex digits and hyphens). `readOnly` makes the whole transaction refuse writes;
 * `statementTimeoutMs` bounds each statement (pools that set no timeout of their own).
 */
export function buildBeginWithTenantContext(tenantId: string, options: { readOnly?: boolean; statementTimeoutMs?: number } = {}): string {
  assertTenantId(tenantId);
  const statements = [options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'];
  if (options.statementTimeoutMs !== undefined) statements.push(`SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(options.statementTimeoutMs))}`);
  statements.push(`SELECT set_config('app.tenant_id', '${tenantId.toLowerCase()}', true)`);
  return statements.join('; ');
}
