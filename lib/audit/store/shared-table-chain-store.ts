import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import { withTenant, type TenantTransaction } from '@/lib/tenancy/with-tenant';
import { AuditChainError, GENESIS_HASH, type ChainHead } from '../hash-chain';
import { AuditChainFrozenError } from './chain-frozen-error';
import type { AuditChainStore, AuditEventPage, StoredCheckpoint, StreamEventsOptions } from './chain-store-types';
import { copyHashedStoredEvents } from './copy-hashed-stored-events';
import { boundTextSearch, buildFilterConditions, buildFindEventsQuery, DEFAULT_TEXT_SEARCH_WINDOW, EVENT_COLUMNS } from './event-query-sql';
import { mapRowToEvent, type AuditEventRow } from './row-mapping';
import { findRecentRequestFacets, findRequestPage } from './find-request-page';

const DEFAULT_BATCH_SIZE = 10_000;

interface CheckpointRow {
  tenant_id: string;
  seq: bigint;
  head_hash: string;
  time: Date;
  prev_signature: string | null;
  signature: string;
  key_id: string;
}

type CheckpointBuilder = Parameters<AuditChainStore['addCheckpoint']>[0];

/** The statements the store runs inside one tenant transaction (a control-plane or a data-plane client). */
export type ChainTransaction = Pick<TenantTransaction, '$queryRaw' | '$executeRaw'>;

export interface TableChainStoreOptions {
  textSearchWindow?: number;
  /**
   * Runs `work` in one transaction in the tenant's context on the database that holds the chain.
   * Default: withTenant, the shared audit tables of the `namespace` log tier.
   */
  inTenantTransaction?: <T>(work: (tx: ChainTransaction) => Promise<T>) => Promise<T>;
}

/**
 * A tenant's chain in audit tables, each call in its own transaction in the tenant's context, so
 * row-level security confines it to this tenant whatever the SQL says. By default the `namespace`
 * log tier (the shared tables); placed-chain-store.ts passes the tenant's own schema or database
 * for the events, head and retention mark (the checkpoints stay in the control plane).
 */
export function createSharedTableChainStore(tenantId: string, options: TableChainStoreOptions = {}): AuditChainStore {
  const textSearchWindow = options.textSearchWindow ?? DEFAULT_TEXT_SEARCH_WINDOW;
  const inTransaction = options.inTenantTransaction ?? (<T>(work: (tx: ChainTransaction) => Promise<T>) => withTenant(tenantId, work));
  const isShared = !options.inTenantTransaction;
  // Checkpoints are kept apart from the log they sign (lib/audit/checkpoint.ts), in the control plane's
  // audit_checkpoints whatever the log tier: restoring an older copy of a tenant's own schema or
  // database brings back its events and head, never the checkpoints that would contradict them.
  const storeCheckpoint = async (tx: ChainTransaction, head: ChainHead | null, build: CheckpointBuilder) => {
    const [previousRow] = await tx.$queryRaw<CheckpointRow[]>`
      SELECT tenant_id::text AS tenant_id, seq, head_hash, time, prev_signature, signature, key_id
        FROM audit_checkpoints WHERE tenant_id = ${tenantId}::uuid ORDER BY time DESC LIMIT 1`;
    const checkpoint = build(head, previousRow ? mapCheckpointRow(previousRow) : null);
    if (!checkpoint) return null;
    await tx.$executeRaw`
      INSERT INTO audit_checkpoints (tenant_id, seq, head_hash, time, prev_signature, signature, key_id)
      VALUES (${tenantId}::uuid, ${checkpoint.seq}, ${checkpoint.headHash}, ${checkpoint.time}::timestamptz,
              ${checkpoint.prevSignature}, ${checkpoint.signature}, ${checkpoint.keyId})`;
    return checkpoint;
  };
  return {
    tenantId,

    async findEvents(query) {
      return inTransaction(async (tx) => {
        if (!query.text) return toPage(await tx.$queryRaw<AuditEventRow[]>(buildFindEventsQuery(tenantId, query)), query.limit, null);
        const bounded = await boundTextSearch(tx, tenantId, query, textSearchWindow);
        const rows = await tx.$queryRaw<AuditEventRow[]>(buildFindEventsQuery(tenantId, bounded.query, bounded.fromSeq));
        return toPage(rows, query.limit, bounded.fromSeq > 1 ? bounded.fromSeq : null);
      });
    },

    findRequests: (query) => inTransaction((tx) => findRequestPage(tx, tenantId, query, textSearchWindow)),

    findRecentRequestFacets: () => inTransaction((tx) => findRecentRequestFacets(tx, tenantId)),

    async *streamEvents(options: StreamEventsOptions = {}) {
      const { fromSeq = 1, toSeq, batchSize = DEFAULT_BATCH_SIZE } = options;
      const conditions = buildFilterConditions(tenantId, { from: options.from, to: options.to });
      if (toSeq !== undefined) conditions.push(Prisma.sql`seq <= ${toSeq}`);
      const readBatch = (afterSeq: number) =>
        inTransaction(
          (tx) =>
            tx.$queryRaw<AuditEventRow[]>`SELECT ${EVENT_COLUMNS} FROM audit_events
            WHERE ${Prisma.join(conditions, ' AND ')} AND seq > ${afterSeq} ORDER BY seq LIMIT ${batchSize}`,
        );
      // The next batch is read while the caller works through this one, so the database and the
      // verifier's hashing overlap instead of taking turns.
      let next: Promise<AuditEventRow[]> | null = readBatch(fromSeq - 1);
      try {
        while (next) {
          const rows: AuditEventRow[] = await next;
          next = rows.length === batchSize ? readBatch(Number(rows[rows.length - 1].seq)) : null;
          for (const row of rows) yield mapRowToEvent(row);
        }
      } finally {
        // A caller that stops early (verification found a problem) abandons the read-ahead quietly.
        next?.catch(() => {});
      }
    },

    streamStoredEvents(options = {}) {
      return copyHashedStoredEvents(tenantId, options);
    },

    async getHead() {
      const [row] = await inTransaction(
        (tx) => tx.$queryRaw<{ seq: bigint; hash: string; time: Date }[]>`SELECT seq, hash, time FROM audit_heads WHERE tenant_id = ${tenantId}::uuid`,
      );
      return row && Number(row.seq) > 0 ? toChainHead(tenantId, row) : null;
    },

    async findCheckpoints(options = {}) {
      const rows = await withTenant(
        tenantId,
        (tx) =>
          tx.$queryRaw<CheckpointRow[]>`SELECT tenant_id::text AS tenant_id, seq, head_hash, time, prev_signature, signature, key_id
          FROM audit_checkpoints WHERE tenant_id = ${tenantId}::uuid AND seq >= ${options.fromSeq ?? 0} ORDER BY time`,
      );
      return rows.map(mapCheckpointRow);
    },

    async addCheckpoint(build) {
      return inTransaction(async (tx) => {
        // The appenders' lock: no event can be appended between reading the head and storing its checkpoint,
        // and two checkpointers cannot both extend the same previous checkpoint.
        const [locked] = await tx.$queryRaw<{ seq: bigint; hash: string; time: Date; frozen: boolean }[]>`
          INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES (${tenantId}::uuid, 0, ${GENESIS_HASH}, to_timestamp(0))
          ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
          RETURNING seq, hash, time, frozen`;
        // A chain being copied to another tier takes no checkpoint the copy would miss.
        if (locked.frozen) throw new AuditChainFrozenError();
        const head = Number(locked.seq) > 0 ? toChainHead(tenantId, locked) : null;
        if (head) {
          // Never sign a head whose event is gone or different: that would bless a truncation or a rewrite.
          const [event] = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_events WHERE tenant_id = ${tenantId}::uuid AND seq = ${head.seq}`;
          if (event?.hash !== head.hash) throw new AuditChainError(`the chain head (seq ${head.seq}) does not match the stored event: verify the chain`);
        }
        // A placed chain's checkpoints are written in the control plane while its head stays locked.
        return isShared ? storeCheckpoint(tx, head, build) : withTenant(tenantId, (checkpoints) => storeCheckpoint(checkpoints, head, build));
      });
    },

    async getRetentionMark() {
      const [row] = await inTransaction(
        (tx) =>
          tx.$queryRaw<{ through_seq: bigint; hash_at_seq: string; applied_at: Date; applied_by: string }[]>`
          SELECT through_seq, hash_at_seq, applied_at, applied_by FROM audit_retention_marks WHERE tenant_id = ${tenantId}::uuid`,
      );
      if (!row) return null;
      return { throughSeq: Number(row.through_seq), hashAtSeq: row.hash_at_seq, appliedAt: row.applied_at.toISOString(), appliedBy: row.applied_by };
    },
  };
}

/** `rows` holds up to limit + 1 events; without the extra one, the page continues below `windowStart` if set. */
function toPage(rows: AuditEventRow[], limit: number, windowStart: number | null): AuditEventPage {
  const events = rows.slice(0, limit).map(mapRowToEvent);
  return { events, nextBeforeSeq: rows.length > limit ? events[limit - 1].seq : windowStart };
}

function toChainHead(tenantId: string, row: { seq: bigint; hash: string; time: Date }): ChainHead {
  return { tenantId, seq: Number(row.seq), hash: row.hash, time: row.time.toISOString() };
}

function mapCheckpointRow(row: CheckpointRow): StoredCheckpoint {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    headHash: row.head_hash,
    time: row.time.toISOString(),
    prevSignature: row.prev_signature,
    signature: row.signature,
    keyId: row.key_id,
  };
}
