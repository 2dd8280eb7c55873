import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PlacementOperationError } from './errors';
import { placementConfig } from './placement-config';

interface HeldSessions {
  applicationName: string;
  sessions: number;
}

/**
 * Waits until no session of an old copy's role is left on its server, and (given `schemaName`) no
 * session holds a lock on one of its tables, bounded by
 * `placementConfig.releaseWaitMs`. Every Bulkhead process retires its pools of an older location
 * when it hears of the switch (placement-notices.ts), and an idle pooled connection closes on its
 * own within 30 s, so the wait normally ends at once. The server's own session list is the proof
 * that each process let go, whichever machine it runs on: the owner never terminates another role's
 * sessions (it may not, and a request still finishing there deserves to finish). A schema_kms copy
 * is reached through the shared pool, whose sessions log in as the application role and take the
 * copy's role only inside a transaction: there, a transaction still using the copy shows as a
 * session holding a lock on one of its tables.
 * @throws PlacementOperationError naming the processes that still hold sessions, when the bound passes
 */
export async function waitForLocationRelease(
  serverUrl: string,
  roleName: string,
  options: { schemaName?: string; timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? placementConfig.releaseWaitMs;
  const deadline = Date.now() + timeoutMs;
  // Its own session, outside the placement DDL lock: other tenants' provisioning must not wait on this.
  const owner = new pg.Client({ connectionString: serverUrl });
  await owner.connect();
  try {
    for (;;) {
      const held = await findHeldSessions(owner, roleName, options.schemaName);
      if (held.length === 0) return;
      if (Date.now() >= deadline) throw new PlacementOperationError(describeWait(held, timeoutMs));
      await sleep(options.pollMs ?? 100);
    }
  } finally {
    await owner.end().catch(() => {});
  }
}

/**
 * Sessions of `roleName`, and sessions holding a lock on a table in `schemaName`, by the application
 * that opened them (visible to any role: no query text is read).
 */
export async function findHeldSessions(owner: pg.Client, roleName: string, schemaName: string | null = null): Promise<HeldSessions[]> {
  const { rows } = await owner.query<HeldSessions>(
    `SELECT coalesce(nullif(a.application_name, ''), 'an unnamed client') AS "applicationName", count(*)::int AS sessions
       FROM pg_stat_activity a
      WHERE a.pid <> pg_backend_pid()
        AND (a.usename = $1 OR EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                                        JOIN pg_namespace n ON n.oid = c.relnamespace
                                       WHERE l.pid = a.pid AND n.nspname = $2::text))
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [roleName, schemaName],
  );
  return rows;
}

function describeWait(held: HeldSessions[], timeoutMs: number): string {
  const total = held.reduce((sum, { sessions }) => sum + sessions, 0);
  const holders = held.map(({ applicationName, sessions }) => `${applicationName} (${sessions})`).join(', ');
  return (
    `Waiting for the old copy to be released: ${total} connection${total === 1 ? '' : 's'} to it still open after ${Math.round(timeoutMs / 1000)} s, ` +
    `held by ${holders}. Data is already served from the new location. The old copy is removed as soon as those connections close; ` +
    `if a process named here is no longer running or does not close them, restart it.`
  );
}
