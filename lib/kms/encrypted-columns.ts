import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant, type TenantTransaction } from '@/lib/tenancy/with-tenant';
import { PURPOSES, type Purpose } from './envelope';

/** A column holding lib/kms ciphertexts (`bh1.` strings), one per row, for one tenant per row. */
export interface EncryptedColumn {
  /** Default 'public'. */
  schema?: string;
  table: string;
  /** A column unique within the tenant (the primary key, or e.g. `layer` for placements). */
  idColumn: string;
  ciphertextColumn: string;
  tenantIdColumn: string;
  /** The purpose every ciphertext in this column was encrypted for. */
  purpose: Purpose;
  /**
   * Which database role reaches and rewrites the rows: the tenant's context (default, RLS) or the
   * platform path, for tables only the provisioning worker may write.
   */
  access?: 'tenant' | 'platform';
}

export interface RegisteredColumn extends Required<EncryptedColumn> {
  /** `schema.table.column`: how jobs and receipts name the column. */
  name: string;
}

const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;
// On globalThis so registrations made by a feature module in one bundle are seen by a job in another.
const shared = globalThis as typeof globalThis & { bulkheadEncryptedColumns?: Map<string, RegisteredColumn> };
const registry = (shared.bulkheadEncryptedColumns ??= new Map<string, RegisteredColumn>());

/**
 * Declares a column of lib/kms ciphertexts so re-wrap jobs move its data keys forward and deletion
 * receipts count it. Features call it once at module load, next to the code that writes the column.
 * Returns the function that removes the registration (tests).
 * @throws TypeError for an identifier that is not a plain lower-case SQL name, an unknown purpose,
 * or a second, different registration of the same column
 */
export function registerEncryptedColumn(column: EncryptedColumn): () => void {
  const entry: RegisteredColumn = { schema: 'public', access: 'tenant', ...column, name: '' };
  for (const identifier of [entry.schema, entry.table, entry.idColumn, entry.ciphertextColumn, entry.tenantIdColumn]) {
    if (!identifierPattern.test(identifier)) throw new TypeError(`Not a plain SQL identifier: ${JSON.stringify(identifier)}`);
  }
  if (!PURPOSES.includes(entry.purpose)) throw new TypeError(`Unknown encryption purpose: ${String(entry.purpose)}`);
  entry.name = `${entry.schema}.${entry.table}.${entry.ciphertextColumn}`;
  const existing = registry.get(entry.name);
  if (existing && JSON.stringify(existing) !== JSON.stringify(entry)) throw new TypeError(`${entry.name} is already registered differently`);
  registry.set(entry.name, entry);
  return () => registry.delete(entry.name);
}

/** Every registered column, ordered by name (the order re-wrap jobs walk them in). */
export function findEncryptedColumns(): RegisteredColumn[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs `work` with the role the column is registered for; tenant columns in the tenant's context. */
export function withColumnAccess<T>(column: RegisteredColumn, tenantId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
  return column.access === 'platform' ? withPlatformSystemAccess('kms re-wrap and shredding receipts', work) : withTenant(tenantId, work);
}

/** SQL fragments for the column's identifiers (validated at registration, so quoting is enough). */
export function getColumnSql(column: RegisteredColumn) {
  return {
    table: Prisma.raw(`"${column.schema}"."${column.table}"`),
    id: Prisma.raw(`"${column.idColumn}"`),
    ciphertext: Prisma.raw(`"${column.ciphertextColumn}"`),
    tenantId: Prisma.raw(`"${column.tenantIdColumn}"`),
  };
}

/** Ciphertexts per key id in one column for one tenant (the `bh1.<keyId>.` prefix names the key). */
export async function countCiphertextsByKey(column: RegisteredColumn, tenantId: string): Promise<Record<string, number>> {
  const sql = getColumnSql(column);
  const rows = await withColumnAccess(
    column,
    tenantId,
    (tx) =>
      tx.$queryRaw<{ key_id: string; n: number }[]>`
      SELECT split_part(${sql.ciphertext}, '.', 2) AS key_id, count(*)::int AS n
        FROM ${sql.table}
       WHERE ${sql.tenantId}::text = ${tenantId} AND ${sql.ciphertext} LIKE 'bh1.%'
       GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key_id, row.n]));
}
