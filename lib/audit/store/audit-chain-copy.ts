import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { getCheckpointPublicKey } from '../checkpoint-signer';
import { GENESIS_HASH } from '../hash-chain';
import type { Checkpoint } from '../checkpoint';
import type { AuditEvent } from '../event';
import { toCheckpoint } from './chain-store';
import { mapRowToEvent, type AuditEventRow } from './row-mapping';
import { createSharedTableChainStore } from './shared-table-chain-store';
import { createChainVerifier } from '../verify-chain';
import { assertAuditChainLocation } from './audit-chain-freeze';
import { PlacementOperationError } from '@/lib/placement/errors';
import type { Placement } from '@/lib/placement/get-placement';
import { openTenantSession, withCopySessions, type LayerDigest } from '@/lib/placement/layer-rows';

const batchSize = 5000;
const eventColumns = `tenant_id::text AS tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome,
  payload_json, prev_hash, hash`;

/**
 * Copies a tenant's audit chain (events and head) from `source` to `target`, in one target
 * transaction, each side as its own role in the tenant's context. The tables are append-only, so a
 * rerun cannot start clean: it adds what is missing (rows already there are left, and the verify
 * step compares everything). The target's head is written frozen, and only a frozen head is
 * overwritten, so the copy never lands on a live chain; the switch thaws it. Source: frozen first.
 * The signed checkpoints do not move: they stay in the control plane for every tier.
 * @throws PlacementOperationError for a chain with a retention cut (its mark is written only by the owner; not supported yet)
 */
export async function copyAuditChain(source: Placement, target: Placement): Promise<number> {
  assertAuditChainLocation(source);
  assertAuditChainLocation(target);
  return withCopySessions(source, target, async (from, to) => {
    const marks = await from.query('SELECT 1 FROM audit_retention_marks');
    if (marks.rowCount) throw new PlacementOperationError('This log had retention applied; moving such a log to another tier is not supported yet.');
    // Heads before events on both sides, the order appenders lock them in.
    const { rows: heads } = await from.query<{ seq: string; hash: string; time: Date }>('SELECT seq, hash, time FROM audit_heads');
    const head = heads[0] ?? { seq: '0', hash: GENESIS_HASH, time: new Date(0) };
    const moved = await to.query(
      `INSERT INTO audit_heads (tenant_id, seq, hash, time, frozen) VALUES ($1::uuid, $2, $3, $4, true)
       ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, time = EXCLUDED.time WHERE audit_heads.frozen`,
      [source.tenantId, head.seq, head.hash, head.time],
    );
    if (moved.rowCount !== 1) throw new PlacementOperationError('The target already holds a live audit chain for this tenant; the copy was not written.');
    let copied = 0;
    for (let afterSeq = 0; ;) {
      const { rows } = await from.query(`SELECT row_to_json(e) AS row FROM audit_events e WHERE seq > $1 ORDER BY seq LIMIT ${batchSize}`, [afterSeq]);
      if (rows.length === 0) break;
      await insertRows(
        to,
        'audit_events',
        rows.map((entry) => entry.row),
      );
      copied += rows.length;
      afterSeq = Number(rows[rows.length - 1].row.seq);
    }
    return copied;
  });
}

async function insertRows(to: pg.Client, table: 'audit_events', rows: unknown[]) {
  if (rows.length === 0) return;
  await to.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json) ON CONFLICT DO NOTHING`, [JSON.stringify(rows)]);
}

/**
 * Counts and SHA-256 of a copy of the chain (events in seq order, head), after re-verifying it end
 * to end: every hash and link, against the tenant's signed checkpoints (kept in the control plane)
 * when a checkpoint key is stored, and the head against the last event. Two copies agree when their
 * digests are equal.
 * @throws PlacementOperationError when the copy does not verify
 */
export async function digestAuditChain(placement: Placement): Promise<LayerDigest> {
  assertAuditChainLocation(placement);
  // Read before the session opens: no other I/O while it holds a transaction.
  const [checkpoints, key] = await Promise.all([findCheckpoints(placement.tenantId), getCheckpointPublicKey()]);
  const session = await openTenantSession(placement);
  try {
    // The head before the events, the order appenders lock them in.
    const { rows: heads } = await session.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_heads');
    const head = heads[0] && Number(heads[0].seq) > 0 ? heads[0] : null;
    if (checkpoints.length > 0 && !key) throw new PlacementOperationError('The audit chain has checkpoints but no checkpoint key is stored to verify them.');
    const verifier = createChainVerifier({ tenantId: placement.tenantId, checkpoints, publicKey: key?.publicKey });
    const events = createHash('sha256');
    let count = 0;
    let last: AuditEvent | null = null;
    for (let afterSeq = 0; ;) {
      const { rows } = await session.query<AuditEventRow>(`SELECT ${eventColumns} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT ${batchSize}`, [
        afterSeq,
      ]);
      if (rows.length === 0) break;
      for (const row of rows) {
        last = mapRowToEvent(row);
        verifier.add(last);
        events.update(`${JSON.stringify(last)}\n`);
        count += 1;
      }
      afterSeq = Number(rows[rows.length - 1].seq);
    }
    const result = verifier.finish();
    if (!result.ok)
      throw new PlacementOperationError(`The audit chain at ${placement.tier} does not verify: ${result.firstProblem?.detail ?? 'unknown problem'}.`);
    if ((head?.hash ?? null) !== (last?.hash ?? null) || Number(head?.seq ?? 0) !== (last?.seq ?? 0)) {
      throw new PlacementOperationError(`The audit chain head at ${placement.tier} does not match its last event.`);
    }
    return {
      tables: {
        audit_events: { rows: count, sha256: events.digest('hex') },
        audit_heads: { rows: head ? 1 : 0, sha256: sha256Lines(head ? [{ seq: String(head.seq), hash: head.hash }] : []) },
      },
    };
  } finally {
    await session.query('ROLLBACK').catch(() => {});
    await session.end().catch(() => {});
  }
}

function sha256Lines(rows: unknown[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

// The control plane's checkpoints of the tenant (the same for every tier), in the verifier's form.
async function findCheckpoints(tenantId: string): Promise<Checkpoint[]> {
  return (await createSharedTableChainStore(tenantId).findCheckpoints()).map(toCheckpoint);
}
