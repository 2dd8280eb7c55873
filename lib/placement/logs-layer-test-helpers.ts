// Shared by the logs layer's database tests: events through the real appender, the chain as stored,
// and plain connections as a placement's own role.
import pg from 'pg';
import type { AuditEvent } from '@/lib/audit/event';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { getOwnerUrlFor, resolveConnectionTarget } from './connection-target';
import type { Placement } from './get-placement';

/** Appends `count` events through recordAuditEvent (the group-commit queue), wherever the log lives. */
export async function recordTestEvents(tenantId: string, count: number, label: string): Promise<AuditEvent[]> {
  return Promise.all(
    Array.from({ length: count }, (_, n) =>
      recordAuditEvent({
        tenantId,
        actor: { type: 'user', id: `${label}-user`, label: `${label}@example.com` },
        action: 'inference.request',
        target: `${label}-model`,
        requestId: `${label}-req-${n}`,
        outcome: 'success',
        payload: { n, note: `${label} event ${n}` },
      }),
    ),
  );
}

export async function collectChain(tenantId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) events.push(event);
  return events;
}

/** A plain connection as the placement's own role (the application role for namespace), bypassing our helpers on purpose. */
export async function connectAsPlacementRole(placement: Placement, database?: string): Promise<pg.Client> {
  const { poolConfig } = await resolveConnectionTarget(placement);
  const client = new pg.Client({ ...poolConfig, ...(database ? { database } : {}) });
  await client.connect();
  return client;
}

/** The SQLSTATE of what `run` throws (null when it succeeds). */
export async function getErrorCode(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

/** A plain connection as the owner (migrations role) to the database a placement lives in. */
export async function connectAsOwnerOf(placement: Placement): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: getOwnerUrlFor(placement.databaseName, null) });
  await client.connect();
  return client;
}
