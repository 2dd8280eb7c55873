import 'server-only';
import pg from 'pg';
import type { Placement } from './get-placement';
import { isEncryptedTier, LAYER_TABLES } from './layers';
import {
  digestLayer,
  openTenantSession,
  readLayerPlaintext,
  readTableRows,
  sealRowsFor,
  transformSealed,
  withCopySessions,
  type LayerDigest,
} from './layer-rows';
import { openField } from './sealed-fields';

const batchSize = 1000;

/**
 * Copies the layer's rows from `source` to `target` in one target transaction: the tenant's rows
 * there are first deleted, so a rerun after a crash starts clean, and a crash mid-copy leaves
 * nothing half-written. Sealed columns are opened with the source's key and sealed again under the
 * target's, so each copy is under its own placement key and destroying one can shred it; only
 * between two copies under the same key (plaintext in namespace, or the tenant key) are they copied
 * as they are. Both sides are reached as their own roles in the tenant's context.
 */
export async function copyLayer(source: Placement, target: Placement): Promise<number> {
  return withCopySessions(source, target, async (from, to) => {
    let copied = 0;
    const tables = LAYER_TABLES[source.layer];
    for (const table of [...tables].reverse()) await to.query(`DELETE FROM ${pg.escapeIdentifier(table)}`);
    const reseals = getSealingKey(source) !== getSealingKey(target);
    for (const table of tables) {
      let rows = await readTableRows(from, table);
      if (reseals) rows = await sealRowsFor(target, table, await transformSealed(rows, table, (ref, value) => openField(source, ref, value)));
      for (let start = 0; start < rows.length; start += batchSize) {
        const batch = rows.slice(start, start + batchSize);
        const name = pg.escapeIdentifier(table);
        await to.query(`INSERT INTO ${name} SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [JSON.stringify(batch)]);
      }
      copied += rows.length;
    }
    return copied;
  });
}

// What a copy's sealed columns are under: nothing (plaintext), its placement key, or the tenant key.
function getSealingKey(placement: Placement): string | null {
  if (!isEncryptedTier(placement.tier)) return null;
  return placement.keyId ?? 'tenant';
}

/** Row counts and SHA-256 of the layer's plaintext at a placement, table by table. */
export async function digestPlacement(placement: Placement): Promise<LayerDigest> {
  const session = await openTenantSession(placement);
  try {
    return digestLayer(await readLayerPlaintext(placement, session));
  } finally {
    await session.query('ROLLBACK').catch(() => {});
    await session.end().catch(() => {});
  }
}

/** The tables whose counts or hashes differ (empty: identical). */
export function findDigestDifferences(a: LayerDigest, b: LayerDigest): string[] {
  const tables = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  return [...tables].filter((table) => a.tables[table]?.rows !== b.tables[table]?.rows || a.tables[table]?.sha256 !== b.tables[table]?.sha256);
}
