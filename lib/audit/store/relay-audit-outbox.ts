import 'server-only';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { appendAuditEventsWith, toAuditSqlClient } from './append-to-chain';
import type { HeldEventFields } from './audit-outbox';
import { refreshLogLocation, type LogLocation } from './log-location';
import { inPlacedChainTransaction } from './placed-chain-transaction';

const reason = 'audit outbox relay';
/** Most held events one relay moves; the rest wait for the next. */
const MAX_RELAY = 256;

interface HeldRow {
  id: string;
  fields_json: string;
}

/**
 * Moves the tenant's held events (audit-outbox.ts) into its chain, wherever it is now, oldest first,
 * and removes them from the outbox. Exactly once: into the shared tables the removal and the append
 * are one transaction; into a placed chain the taken ids are recorded with the events
 * (audit_outbox_applied), so a relay that crashed before the removal skips them next time. Call it
 * through the tenant's append queue (record-event.ts requestAuditOutboxRelay).
 * @returns how many events were appended
 * @throws AuditChainFrozenError while the chain is being moved (the events stay held)
 */
export async function relayAuditOutbox(tenantId: string): Promise<number> {
  const held = await withPlatformSystemAccess(
    reason,
    (tx) =>
      tx.$queryRaw<HeldRow[]>`SELECT id::text AS id, fields_json FROM audit_outbox WHERE tenant_id = ${tenantId}::uuid ORDER BY position LIMIT ${MAX_RELAY}`,
  );
  if (held.length === 0) return 0;
  const location = await refreshLogLocation(tenantId);
  return location.target ? relayToPlacedChain(location, tenantId, held) : relayToSharedTables(tenantId, held);
}

function relayToSharedTables(tenantId: string, held: HeldRow[]): Promise<number> {
  return withPlatformSystemAccess(reason, async (tx) => {
    // Whatever another relayer removed first is already in the chain.
    const removed = await tx.$queryRaw<
      { id: string }[]
    >`DELETE FROM audit_outbox WHERE id = ANY(${held.map((row) => row.id)}::uuid[]) RETURNING id::text AS id`;
    const mine = new Set(removed.map((row) => row.id));
    const events = await appendAuditEventsWith(toAuditSqlClient(tx), tenantId, held.filter((row) => mine.has(row.id)).map(parseHeld));
    return events.length;
  });
}

async function relayToPlacedChain(location: LogLocation, tenantId: string, held: HeldRow[]): Promise<number> {
  const ids = held.map((row) => row.id);
  const appended = await inPlacedChainTransaction(location, async (tx) => {
    const client = toAuditSqlClient(tx);
    // Under the head lock, a relayer that got here first has committed what it took.
    await client.query('SELECT 1 FROM audit_heads WHERE tenant_id = $1::uuid FOR UPDATE', [tenantId]);
    const taken = new Set(
      (await client.query('SELECT outbox_id::text AS id FROM audit_outbox_applied WHERE outbox_id = ANY($1::uuid[])', [ids])).map((row) => row.id),
    );
    const fresh = held.filter((row) => !taken.has(row.id));
    const events = await appendAuditEventsWith(client, tenantId, fresh.map(parseHeld));
    if (events.length > 0) {
      // The primary key is the last guard: two relayers that both passed the check cannot both commit.
      await client.query('INSERT INTO audit_outbox_applied (outbox_id, tenant_id, seq) SELECT unnest($1::uuid[]), $2::uuid, unnest($3::bigint[])', [
        fresh.map((row) => row.id),
        tenantId,
        events.map((event) => event.seq),
      ]);
    }
    return events.length;
  });
  await withPlatformSystemAccess(reason, (tx) => tx.$executeRaw`DELETE FROM audit_outbox WHERE id = ANY(${ids}::uuid[])`);
  return appended;
}

function parseHeld(row: HeldRow): HeldEventFields {
  return JSON.parse(row.fields_json) as HeldEventFields;
}
