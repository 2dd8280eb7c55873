// What the kill tests check after a killed migration is resumed or rolled back, as the owner sees the
// catalog and each copy: the placement and its one copy, nothing else of the tenant left behind.
import pg from 'pg';
import type { AuditEvent } from '@/lib/audit/event';
import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';
import { connectAsOwner } from '@/lib/testing/fixtures';
import { digestAuditChain } from '@/lib/audit/store/audit-chain-copy';
import { digestPlacement, findDigestDifferences } from '../copy-layer';
import { getDefaultPlacement, getPlacement, type Placement } from '../get-placement';
import { openTenantSession, type LayerDigest, type Row } from '../layer-rows';
import { LAYER_TABLES, type Layer } from '../layers';
import { collectChain, connectAsOwnerOf } from '../logs-layer-test-helpers';
import { getRunningOperation } from '../operation-ledger';

/** Does a copy's schema or database still exist in the catalog? */
export async function locationExists(placement: Placement): Promise<boolean> {
  const owner = await connectAsOwner();
  try {
    if (placement.databaseName) return (await owner.query('SELECT 1 FROM pg_database WHERE datname = $1', [placement.databaseName])).rowCount === 1;
    return (await owner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [placement.schemaName])).rowCount === 1;
  } finally {
    await owner.end();
  }
}

/** Roles, schemas and databases on the server named for this tenant and layer (naming.ts), sorted. */
export async function findTenantLocations(tenantId: string, layer: Layer): Promise<string[]> {
  const pattern = `%${tenantId.replace(/-/g, '')}_${layer}%`;
  const owner = await connectAsOwner();
  try {
    const { rows } = await owner.query<{ name: string }>(
      `SELECT 'role ' || rolname AS name FROM pg_roles WHERE rolname LIKE $1
       UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname LIKE $1
       UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
      [pattern],
    );
    return rows.map((row) => row.name);
  } finally {
    await owner.end();
  }
}

/** What findTenantLocations should list for a placement: its own role and schema or database only. */
export function getExpectedLocations(placement: Placement): string[] {
  if (!placement.roleName) return [];
  const own = placement.databaseName ? `database ${placement.databaseName}` : `schema ${placement.schemaName}`;
  return [own, `role ${placement.roleName}`].sort();
}

/** Compares the copy a placement serves with what it held before; returns what differs. */
export type ContentCheck = (placement: Placement) => Promise<string[]>;

/** The same rows, byte for byte (row counts and SHA-256 of the plaintext, table by table). */
export function hasSameRowsAs(original: LayerDigest): ContentCheck {
  return async (placement) => {
    const differences = findDigestDifferences(original, await digestPlacement(placement));
    return differences.length ? [`content differs in ${differences.join(', ')}`] : [];
  };
}

/**
 * The chain re-verifies end to end at the placement (hashes, links, signed checkpoints, head), and
 * begins with exactly `original`: a migration appends its own outcome after it.
 */
export function hasChainStartingWith(original: AuditEvent[]): ContentCheck {
  return async (placement) => {
    const problem = await digestAuditChain(placement).then(
      () => null,
      (error: Error) => error.message,
    );
    if (problem) return [problem];
    const chain = await collectChain(placement.tenantId);
    const kept = chain.slice(0, original.length).map((event) => event.hash);
    return kept.join() === original.map((event) => event.hash).join() ? [] : ['the chain does not begin with the original events'];
  };
}

/**
 * Everything that is off after a migration ended (resumed or rolled back), as readable sentences;
 * empty when consistent: the placement is active and not mid-operation, the one copy it names holds
 * what it held before (`check`), the shared tables hold none of the tenant's rows unless they are
 * that copy, a log's live chain is not frozen, and the server holds no other location of the layer.
 */
export async function findInconsistencies(tenantId: string, layer: Layer, check: ContentCheck): Promise<string[]> {
  const placement = await getPlacement(tenantId, layer);
  const problems = await check(placement);
  if (placement.state !== 'active') problems.push(`placement is ${placement.state}`);
  if (await getRunningOperation(tenantId, layer)) problems.push('an operation is still running');
  if (placement.tier !== 'namespace') {
    const shared = getDefaultPlacement(tenantId, layer);
    const left = await withOwnerSession(shared, (owner) => countTenantRows(owner, tenantId, LAYER_TABLES[layer]));
    if (left > 0) problems.push(`${left} rows left in the shared tables`);
  }
  if (layer === 'logs') {
    const session = await openTenantSession(placement);
    const { rows } = await session.query<{ frozen: boolean }>('SELECT frozen FROM audit_heads').finally(() => session.end());
    if (rows[0]?.frozen) problems.push('the live chain is frozen');
  }
  const locations = await findTenantLocations(tenantId, layer);
  const expected = getExpectedLocations(placement);
  if (locations.join() !== expected.join())
    problems.push(`locations on the server: ${locations.join(', ') || 'none'}; expected ${expected.join(', ') || 'none'}`);
  return problems;
}

/** One stored row of `table` at a placement, as the copy reads it (row_to_json), by position in key order. */
export async function readStoredRow(placement: Placement, table: string, index: number): Promise<Row> {
  const session = await openTenantSession(placement);
  const order = table === 'audit_events' ? 'seq' : 'id';
  try {
    const { rows } = await session.query<{ row: Row }>(
      `SELECT row_to_json(t) AS row FROM ${pg.escapeIdentifier(table)} t ORDER BY ${order} OFFSET $1 LIMIT 1`,
      [index],
    );
    return rows[0].row;
  } finally {
    await session.end().catch(() => {});
  }
}

export interface HeldRow {
  /** The owner session whose open transaction holds the row: a copy inserting the same key waits on it. */
  pid: number;
  release(): Promise<void>;
}

/**
 * Inserts `row` into `table` at `placement` in a transaction left open, as the owner in the tenant's
 * context. A copy that reaches the same primary key waits there, midway through its rows and with its
 * own transaction open: the moment the kill tests kill it. Only this tenant's rows are touched.
 */
export async function holdRow(placement: Placement, table: string, row: Row): Promise<HeldRow> {
  const owner = await openOwnerSession(placement);
  const name = pg.escapeIdentifier(table);
  await owner.query(`INSERT INTO ${name} SELECT * FROM json_populate_record(NULL::${name}, $1::json)`, [JSON.stringify(row)]);
  const { rows } = await owner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return {
    pid: rows[0].pid,
    async release() {
      await owner.query('ROLLBACK').catch(() => {});
      await owner.end().catch(() => {});
    },
  };
}

/** The owner, in a transaction in the placement's schema and the tenant's context (RLS is forced even for the owner). */
async function openOwnerSession(placement: Placement): Promise<pg.Client> {
  const owner = await connectAsOwnerOf(placement);
  await owner.query('BEGIN');
  await owner.query(`SET LOCAL search_path TO ${pg.escapeIdentifier(placement.schemaName)}`);
  await setTenantContextOnClient(owner, placement.tenantId);
  return owner;
}

async function withOwnerSession<T>(placement: Placement, work: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = await openOwnerSession(placement);
  try {
    return await work(owner);
  } finally {
    await owner.query('ROLLBACK').catch(() => {});
    await owner.end().catch(() => {});
  }
}

// The owner's own policy on the shared audit tables sees every tenant: filter by tenant explicitly.
async function countTenantRows(owner: pg.Client, tenantId: string, tables: readonly string[]): Promise<number> {
  let total = 0;
  for (const table of tables) {
    total += (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(table)} WHERE tenant_id = $1`, [tenantId])).rows[0].n;
  }
  return total;
}

/** Runs one statement at a placement as the owner in the tenant's context and commits: the positive controls tamper and repair with it. */
export async function executeAsOwner(placement: Placement, sql: string, params: unknown[] = []): Promise<void> {
  const owner = await openOwnerSession(placement);
  try {
    await owner.query(sql, params);
    await owner.query('COMMIT');
  } finally {
    await owner.end().catch(() => {});
  }
}
