import 'server-only';
import { startCopyOut, type CopyOut } from '@/lib/db/copy-out';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { withTenantSql, type TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
import type { StoredEventText } from '../stored-event-hash';
import { parseCopyRows } from './parse-copy-rows';

export interface CopyStoredEventsOptions {
  /** First seq to read (default 1). */
  fromSeq?: number;
  /** Rows per COPY, each in its own short tenant transaction (default 50 000). */
  batchRows?: number;
  /** Bytes received but not yet handed out before the socket is paused (default 4 MiB): the memory bound. */
  maxBufferedBytes?: number;
  /** The app role's database (default: the one withTenantSql uses). */
  connectionString?: string;
  /**
   * Runs one batch's transaction in the tenant's context somewhere else than the shared audit tables
   * (a placed log: placed-chain-transaction.ts). Default: withTenantSql on `connectionString`.
   */
  inTenantTransaction?: <T>(work: (client: TenantSqlClient) => Promise<T>) => Promise<T>;
}

// Exactly the columns the hash covers, as text. Time comes in Postgres's own ISO output in UTC (set for the
// transaction), turned into Date.toISOString's form by toIsoTime: to_char would cost the server more than
// the rest of the row, and a Date per row would cost us.
const COLUMNS = `tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash`;
const TIME_OUTPUT_SETTINGS = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'";
/**
 * Largest chunk handed out. Decoded, a chunk is one string: past about 128 KiB V8 puts a string in its
 * large-object space, and making one there cost 30 to 60 times as much per byte (measured here).
 */
export const MAX_CHUNK_BYTES = 64 * 1024;

/**
 * One tenant's events in seq order as stored text, in arrays as they arrive. Read with
 * `COPY (SELECT …) TO STDOUT` as the app role inside withTenantSql (row-level security applies), in keyset
 * batches of `batchRows`, the next batch starting as soon as the previous one is received: Postgres produces
 * rows on one core while the caller works on the other. Memory stays bounded: past `maxBufferedBytes` not
 * yet taken, the socket is paused and the server waits. The verifier reads copyHashedStoredEvents instead.
 */
export async function* copyStoredEvents(tenantId: string, options: CopyStoredEventsOptions = {}): AsyncGenerator<StoredEventText[]> {
  for await (const chunk of copyStoredRowChunks(tenantId, options)) {
    yield parseCopyRows(chunk.toString('utf8'));
    // Between chunks, let the event loop read the socket: Postgres keeps producing into our buffer
    // while the caller works, instead of stalling on a full socket buffer until the caller is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The same rows as raw COPY text (UTF-8, one newline-terminated row after another, whole rows only), in
 * chunks of at least `minChunkBytes` (or whatever is left) and at most about MAX_CHUNK_BYTES: each chunk is
 * the caller's own buffer, so it can be handed to a worker thread without a copy.
 */
export async function* copyStoredRowChunks(tenantId: string, options: CopyStoredEventsOptions & { minChunkBytes?: number } = {}): AsyncGenerator<Buffer> {
  assertTenantId(tenantId);
  const { fromSeq = 1, batchRows = 50_000, maxBufferedBytes = 4 * 1024 * 1024, minChunkBytes = 1 } = options;
  const received = new ReceivedRows(maxBufferedBytes);
  const inTenantTransaction =
    options.inTenantTransaction ??
    (<T>(work: (client: TenantSqlClient) => Promise<T>) => withTenantSql(tenantId, work, { connectionString: options.connectionString }));
  const reading = readBatches(tenantId, fromSeq - 1, batchRows, received, inTenantTransaction).then(
    () => received.finish(),
    (error: unknown) => received.finish(error),
  );
  try {
    // Never wait for more than the socket may buffer before it is paused: that would wait forever.
    const wantBytes = Math.max(1, Math.min(minChunkBytes, maxBufferedBytes));
    for (;;) {
      const chunk = await received.take(wantBytes, MAX_CHUNK_BYTES);
      if (chunk === null) break;
      yield chunk;
    }
  } finally {
    // A caller that stops early (verification found a problem): the current batch drains, no other starts.
    received.abandon();
    await reading;
  }
}

async function readBatches(
  tenantId: string,
  afterSeq: number,
  batchRows: number,
  received: ReceivedRows,
  inTenantTransaction: NonNullable<CopyStoredEventsOptions['inTenantTransaction']>,
) {
  for (let after = afterSeq; !received.isAbandoned;) {
    if (!Number.isSafeInteger(after) || !Number.isSafeInteger(batchRows)) throw new RangeError('seq bounds must be integers');
    // COPY binds no parameters: every value here is a validated UUID or a safe integer.
    const sql = `COPY (SELECT ${COLUMNS} FROM audit_events WHERE tenant_id = '${tenantId}' AND seq > ${after} ORDER BY seq LIMIT ${batchRows}) TO STDOUT`;
    const batch = await inTenantTransaction(async (client) => {
      await client.query(TIME_OUTPUT_SETTINGS);
      received.startBatch();
      const copy = startCopyOut(client, sql, (row) => received.push(row));
      received.copy = copy;
      await copy.done;
      return { rows: received.batchRowCount, lastSeq: received.lastSeq };
    });
    received.copy = null;
    if (batch.rows < batchRows) return;
    after = batch.lastSeq;
  }
}

/** Rows received from the server and not yet taken by the reader, as bytes, with the wake-up between them. */
class ReceivedRows {
  copy: CopyOut | null = null;
  isAbandoned = false;
  batchRowCount = 0;
  lastSeq = 0;
  private buffer = Buffer.allocUnsafe(1024 * 1024);
  /** Not yet taken: buffer[start, end). */
  private start = 0;
  private end = 0;
  /** What the waiting reader needs before it is woken (one wake-up per chunk, not per row). */
  private wantBytes = 1;
  private isFinished = false;
  private failure: unknown;
  private wake: (() => void) | null = null;

  constructor(private readonly maxBufferedBytes: number) {}

  startBatch() {
    this.batchRowCount = 0;
  }

  push(row: Buffer) {
    this.batchRowCount++;
    this.lastSeq = readSeq(row);
    if (this.isAbandoned) return;
    if (this.end + row.length > this.buffer.length) this.makeRoom(row.length);
    row.copy(this.buffer, this.end);
    this.end += row.length;
    const buffered = this.end - this.start;
    if (buffered >= this.maxBufferedBytes) this.copy?.pause();
    if (buffered >= this.wantBytes) this.notify();
  }

  /**
   * Whole rows received and not yet taken, once there are `wantBytes` of them (or the end), at most about
   * `maxBytes` (a single longer row comes whole): a copy the caller owns (a worker may take it over).
   * Null once everything is taken.
   */
  async take(wantBytes: number, maxBytes = Infinity): Promise<Buffer | null> {
    while (this.end - this.start < wantBytes && !this.isFinished) {
      this.wantBytes = wantBytes;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    // What arrived before a failure is still handed out: the verifier may find its problem there.
    if (this.end === this.start) {
      if (this.failure) throw this.failure;
      return null;
    }
    let cut = this.end;
    if (cut - this.start > maxBytes) {
      // Rows end at the only raw newlines of COPY text (values escape theirs; UTF-8 never has one inside a character).
      cut = this.buffer.lastIndexOf(10, this.start + maxBytes - 1) + 1;
      if (cut <= this.start) cut = this.buffer.indexOf(10, this.start) + 1;
    }
    const chunk = Buffer.allocUnsafeSlow(cut - this.start);
    this.buffer.copy(chunk, 0, this.start, cut);
    this.start = cut;
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end - this.start < this.maxBufferedBytes) this.copy?.resume();
    return chunk;
  }

  finish(failure?: unknown) {
    this.isFinished = true;
    this.failure = failure;
    this.notify();
  }

  abandon() {
    this.isAbandoned = true;
    this.start = this.end = 0;
    this.copy?.resume();
  }

  /** Moves what is not yet taken to the front, and grows the buffer if that is not enough. */
  private makeRoom(rowLength: number) {
    const buffered = this.end - this.start;
    const target = buffered + rowLength > this.buffer.length ? Buffer.allocUnsafe(Math.max(this.buffer.length * 2, buffered + rowLength)) : this.buffer;
    this.buffer.copy(target, 0, this.start, this.end);
    this.buffer = target;
    this.start = 0;
    this.end = buffered;
  }

  private notify() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** The seq (second field) of a text-format row, without decoding the row. */
function readSeq(row: Buffer): number {
  let seq = 0;
  for (let index = row.indexOf(9) + 1; index > 0 && index < row.length && row[index] !== 9; index++) seq = seq * 10 + (row[index] - 48);
  return seq;
}
