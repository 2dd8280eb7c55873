import 'server-only';
import type pg from 'pg';

/**
 * Makes a pool's connection errors harmless to the process. pg's pool listens for errors only on
 * idle clients; a client checked out between two statements (inside a transaction waiting on the
 * KMS, say) that loses its server connection (a restart, an administrator's termination) emits an
 * 'error' nobody listens to, and Node turns that into an uncaught exception. With a listener on
 * every client the error is dropped here, and the checkout's next statement fails instead, which
 * our transaction helpers already handle by destroying the client (runTenantTransaction).
 */
export function handlePoolErrors(pool: pg.Pool): pg.Pool {
  // An idle client's error: the pool has already removed the client; the next checkout reconnects.
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}

function ignore() {}
