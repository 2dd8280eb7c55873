import 'server-only';
import type pg from 'pg';
import { buildTenantContextSwitch, type AssumedRole } from '@/lib/tenancy/tenant-context';
import { runWholeTransaction } from '@/lib/tenancy/with-tenant-sql';
import type { AuditEvent } from '../event';
import { settleKnownHeadAppend, type KnownHeadAppend } from './append-on-known-head';

/** How the appends of one group reach their database: a checked-out client, released by the caller's `use`. */
export type ConnectForAppend = <T>(use: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

interface Waiting {
  append: KnownHeadAppend;
  assumed: AssumedRole | null;
  resolve: (events: AuditEvent[] | null) => void;
  reject: (error: unknown) => void;
}

interface Group {
  waiting: Waiting[];
  inFlight: number;
  isScheduled: boolean;
}

/**
 * Transactions of one group at once. While they are in flight, new appends wait and go together in
 * the next one: under load the batches grow, and a lone request is still sent at once.
 */
const MAX_IN_FLIGHT = 2;
/** Most tenants' appends in one transaction. */
const MAX_APPENDS = 64;
/**
 * How long a grouped transaction waits for a head row another transaction holds before it gives up
 * and every append in it goes on alone. A head is held for milliseconds by a healthy writer; one held
 * for long (a stalled writer, a migration freezing it) must not hold up the other tenants.
 */
const GROUP_LOCK_TIMEOUT_MS = 200;

const shared = globalThis as unknown as { bulkheadAuditAppendGroups?: Map<string, Group> };
const groups = (shared.bulkheadAuditAppendGroups ??= new Map<string, Group>());

/**
 * Known-head appends (append-on-known-head.ts) of different tenants whose chains are reached through
 * the same pool (`groupKey`: the shared audit tables, or one lane of the shared placement pool),
 * committed in one transaction and one round trip: BEGIN, then for each tenant its tenant setting
 * (and placement role and schema) followed by its conditional UPDATE and INSERT, then COMMIT. With
 * traffic spread over many tenants the per-tenant queues rarely hold more than one event, so each
 * request had paid a transaction and a commit of its own.
 *
 * Isolation is the same as alone: each statement runs under the tenant setting, role and
 * search_path set just before it, so it can only reach its own tenant's chain; the tenants share
 * only the transaction's outcome. Resolves with the committed events, or null when the append did
 * not happen: its hint was stale, or the grouped transaction failed (then nothing of it committed)
 * and the caller appends alone under the head lock, which reports a real failure as its own.
 */
export function appendKnownHeadInGroup(
  groupKey: string,
  connect: ConnectForAppend,
  statementTimeoutMs: number,
  append: KnownHeadAppend,
  assumed: AssumedRole | null,
): Promise<AuditEvent[] | null> {
  let group = groups.get(groupKey);
  if (!group) groups.set(groupKey, (group = { waiting: [], inFlight: 0, isScheduled: false }));
  const joined = group;
  return new Promise((resolve, reject) => {
    joined.waiting.push({ append, assumed, resolve, reject });
    schedule(groupKey, joined, connect, statementTimeoutMs);
  });
}

function schedule(groupKey: string, group: Group, connect: ConnectForAppend, statementTimeoutMs: number) {
  if (group.isScheduled || group.inFlight >= MAX_IN_FLIGHT || group.waiting.length === 0) return;
  group.isScheduled = true;
  // The rest of this event-loop turn's appends join the same transaction.
  setImmediate(() => {
    group.isScheduled = false;
    const taken = group.waiting.splice(0, MAX_APPENDS);
    if (taken.length === 0) return;
    group.inFlight += 1;
    void commitTogether(connect, statementTimeoutMs, taken).finally(() => {
      group.inFlight -= 1;
      if (group.waiting.length > 0) schedule(groupKey, group, connect, statementTimeoutMs);
      else if (group.inFlight === 0) groups.delete(groupKey);
    });
  });
}

async function commitTogether(connect: ConnectForAppend, statementTimeoutMs: number, taken: Waiting[]): Promise<void> {
  const statements = [
    'BEGIN',
    `SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`,
    `SET LOCAL lock_timeout = ${GROUP_LOCK_TIMEOUT_MS}`,
  ];
  for (const { append, assumed } of taken) statements.push(buildTenantContextSwitch(append.tenantId, assumed), append.statement);
  statements.push('COMMIT');
  let results: pg.QueryResult[];
  try {
    results = await connect((client) => runWholeTransaction(client, statements.join('; ')));
  } catch (error) {
    // The server refused a statement (a lock wait too long, a timeout, a frozen or invalid row): it
    // skipped the rest, COMMIT included, so nothing of the group committed, and each append goes on
    // alone, where a real failure surfaces as its own. Without the server's word (the connection
    // failed), the group may have committed: appending again could record an event twice, so they
    // fail, as a single append does.
    for (const { resolve, reject } of taken) {
      if (isStatementRefusal(error)) resolve(null);
      else reject(error);
    }
    return;
  }
  // Three results lead (BEGIN, two SETs); each append adds three (the setting, the UPDATE, the INSERT).
  taken.forEach(({ append, resolve }, index) => resolve(settleKnownHeadAppend(append, results[3 + index * 3 + 2].rowCount ?? 0)));
}

/**
 * An error PostgreSQL sent for one statement (it carries a SQLSTATE), as opposed to a failed
 * connection. Connection exceptions (08), a server shutting the session down (57P) and internal
 * errors (XX) may come after COMMIT ran, so they do not count.
 */
function isStatementRefusal(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P|XX)/.test(code);
}
