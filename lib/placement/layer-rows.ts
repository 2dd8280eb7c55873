import 'server-only';
import { setTenantContextOnClient } from '@/lib/tenancy/tenant-context';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { resolveConnectionTarget } from './connection-target';
import type { Placement } from './get-placement';
import { isEncryptedTier, LAYER_TABLES, SEALED_COLUMNS } from './layers';
import { openField, sealField } from './sealed-fields';

export type Row = Record<string, unknown>;

/** How often a copy's server session checks that its worker is still there (see openTenantSession). */
const clientCheckMs = 1000;

/**
 * A plain connection to a placement as its own role (the one requests use), inside a transaction
 * in the tenant's context: bulk copy and verification see exactly what the tenant's requests see.
 * Caller commits or rolls back, then ends it.
 */
export async function openTenantSession(placement: Placement): Promise<pg.Client> {
  const target = await resolveConnectionTarget(placement);
  const client = new pg.Client(target.poolConfig);
  await client.connect();
  // A worker killed mid-copy leaves its statement running (or waiting on a lock) on the server, its
  // transaction and locks held until that ends, and a resume or rollback waits behind it: the server
  // notices a closed socket only when it next talks to the client, unless told to check. A server
  // without the setting (before PostgreSQL 14) copies as before.
  await client.query(`SET client_connection_check_interval = ${clientCheckMs}`).catch(() => {});
  await client.query('BEGIN');
  await setTenantContextOnClient(client, placement.tenantId);
  return client;
}

/**
 * Both ends of a copy between placements, each an openTenantSession: `work` writes into `to`, which
 * commits only if `work` succeeds (a crash or failure leaves nothing half-written); the source is
 * only read. Both sessions end either way.
 */
export async function withCopySessions<T>(source: Placement, target: Placement, work: (from: pg.Client, to: pg.Client) => Promise<T>): Promise<T> {
  const from = await openTenantSession(source);
  const to = await openTenantSession(target).catch(async (error: unknown) => {
    await from.end().catch(() => {});
    throw error;
  });
  try {
    const result = await work(from, to);
    await to.query('COMMIT');
    return result;
  } catch (error) {
    await to.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await from.query('ROLLBACK').catch(() => {});
    await Promise.all([from.end().catch(() => {}), to.end().catch(() => {})]);
  }
}

export async function readTableRows(session: pg.Client, table: string): Promise<Row[]> {
  const { rows } = await session.query<{ row: Row }>(`SELECT row_to_json(t) AS row FROM ${pg.escapeIdentifier(table)} t ORDER BY id`);
  return rows.map((entry) => entry.row);
}

/** Rows of one layer as plaintext (sealed columns opened), per table, in id order. */
export async function readLayerPlaintext(placement: Placement, session: pg.Client): Promise<Map<string, Row[]>> {
  const tables = new Map<string, Row[]>();
  for (const table of LAYER_TABLES[placement.layer]) {
    tables.set(table, await transformSealed(await readTableRows(session, table), table, (ref, value) => openField(placement, ref, value)));
  }
  return tables;
}

/** Rewrites the sealed columns of `rows` with `change` (open or seal); other columns untouched. */
export async function transformSealed(
  rows: Row[],
  table: string,
  change: (ref: { table: string; column: string; rowId: string }, value: string) => Promise<string>,
) {
  const sealed = SEALED_COLUMNS[table];
  if (!sealed) return rows;
  return Promise.all(
    rows.map(async (row) => {
      const copy = { ...row };
      for (const column of sealed.columns) {
        if (typeof copy[column] === 'string') copy[column] = await change({ table, column, rowId: String(row.id) }, copy[column] as string);
      }
      return copy;
    }),
  );
}

/** Turns plaintext rows into what `placement` stores (sealed where it encrypts). */
export function sealRowsFor(placement: Placement, table: string, rows: Row[]) {
  if (!isEncryptedTier(placement.tier)) return Promise.resolve(rows);
  return transformSealed(rows, table, (ref, value) => sealField(placement, ref, value));
}

export interface LayerDigest {
  /** Per table: row count and SHA-256 of the plaintext rows in id order. */
  tables: Record<string, { rows: number; sha256: string }>;
}

export function digestLayer(tables: Map<string, Row[]>): LayerDigest {
  const digest: LayerDigest = { tables: {} };
  for (const [table, rows] of tables) {
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
    digest.tables[table] = { rows: rows.length, sha256: hash.digest('hex') };
  }
  return digest;
}

export async function countLayerRows(placement: Placement): Promise<number> {
  const session = await openTenantSession(placement);
  try {
    let total = 0;
    for (const table of LAYER_TABLES[placement.layer]) {
      const { rows } = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(table)}`);
      total += rows[0].n;
    }
    return total;
  } finally {
    await session.query('ROLLBACK').catch(() => {});
    await session.end().catch(() => {});
  }
}
