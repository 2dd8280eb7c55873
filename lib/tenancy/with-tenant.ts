import 'server-only';
import { env } from '@/lib/env';
import { getPrismaClientFor } from '@/lib/db/prisma-clients';
import type { Prisma } from '@/lib/generated/prisma/client';
import { setTenantContext } from './tenant-context';
import { assertTenantId } from './tenant-id';

/** A transaction in which every statement runs with one tenant's row-level security context. */
export type TenantTransaction = Prisma.TransactionClient;

export interface WithTenantOptions {
  /** Milliseconds the whole transaction may take before Postgres work is rolled back. */
  timeoutMs?: number;
  /** Override the connection (tests use this to run the same helper against other pools). */
  connectionString?: string;
}

/**
 * Runs `work` in one interactive transaction on the application role whose first statement is
 * `set_config('app.tenant_id', tenantId, true)`. The setting is transaction-local, so a pooled
 * connection never carries it into the next request, and RLS policies on every tenant-owned
 * table see only this tenant. This is the only place that sets tenant context.
 *
 * The caller must already have authorized the principal for this tenant (lib/auth). Keep I/O
 * other than this database (KMS, HTTP) outside `work`: it holds a connection and a transaction.
 */
export async function withTenant<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>, options: WithTenantOptions = {}): Promise<T> {
  assertTenantId(tenantId);
  const prisma = getPrismaClientFor(options.connectionString ?? env.appDatabaseUrl, env.databasePoolSize);
  return prisma.$transaction(
    async (tx) => {
      await setTenantContext(tx, tenantId);
      return work(tx);
    },
    { timeout: options.timeoutMs ?? 10_000, maxWait: 5_000 },
  );
}
