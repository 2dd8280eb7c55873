import 'server-only';
import pg from 'pg';
import type { InlineSql } from '@/lib/db/inline-sql';
import { handlePoolErrors } from '@/lib/db/pool-errors';
import { ensurePrepared, isPreparedExecution, isStalePreparedPlan } from '@/lib/db/prepared-sql';
import { env } from '@/lib/env';
import { buildBeginWithTenantContext, buildPerTenantTransaction } from './tenant-context';

/** The statements a lean tenant transaction may run: plain `pg` queries, parameters bound, or a pg Submittable (COPY out, lib/db/copy-out.ts). */
export interface TenantSqlClient {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
  query<T extends pg.Submittable>(submittable: T): T;
}

const pools = globalThis as unknown as { bulkheadSqlPools?: Map<string, pg.Pool> };

function getPool(connectionString: string): pg.Pool {
  pools.bulkheadSqlPools ??= new Map();
  let pool = pools.bulkheadSqlPools.get(connectionString);
  if (!pool) {
    // A statement that waits longer than this (a lock held elsewhere, a stalled server) fails, so a
    // caller that must not answer without its write (the audit append) fails closed in bounded time.
    const statementTimeout = env.sqlStatementTimeoutMs;
    pool = handlePoolErrors(
      new pg.Pool({ connectionString, max: env.databasePoolSize, idleTimeoutMillis: 30_000, statement_timeout: statementTimeout, allowExitOnIdle: true }),
    );
    pools.bulkheadSqlPools.set(connectionString, pool);
  }
  return pool;
}

/**
 * The hot-path twin of withTenant for the gateway: one transaction on the application role whose
 * first statement sets `app.tenant_id` transaction-locally, on a plain `pg` pool instead of a
 * Prisma interactive transaction (which costs several extra round trips and client work per call,
 * as `npm run bench:gateway` shows). BEGIN and set_config travel in one round trip: the id is a
 * validated, lower-cased UUID, so it can be a literal. RLS confines `work` exactly as in withTenant.
 *
 * The caller must already have authorized the principal for this tenant. Keep other I/O out of `work`.
 */
export async function withTenantSql<T>(
  tenantId: string,
  work: (client: TenantSqlClient) => Promise<T>,
  options: { connectionString?: string } = {},
): Promise<T> {
  const client = await getPool(options.connectionString ?? env.appDatabaseUrl).connect();
  return runTenantTransaction(client, buildBeginWithTenantContext(tenantId), work);
}

/**
 * A client of the application role's lean pool, for callers that run runTenantTransaction or their
 * own single-statement transaction on it. The caller releases it.
 */
export function connectAppClient(): Promise<pg.PoolClient> {
  return getPool(env.appDatabaseUrl).connect();
}

/**
 * One transaction on a checked-out client: `beginStatement` (from buildBeginWithTenantContext),
 * `work`, COMMIT; ROLLBACK on any error. Releases the client, destroying it when the rollback
 * failed: such a client may still hold the transaction and its setting, so it is never reused.
 */
export function runTenantTransaction<T>(client: pg.PoolClient, beginStatement: string, work: (client: TenantSqlClient) => Promise<T>): Promise<T> {
  return releaseAfter(client, async () => {
    await client.query(beginStatement);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  });
}

/**
 * Runs `run` on a checked-out client, then releases it. On an error it rolls back first, and destroys
 * the client when the rollback failed (it may still hold the transaction and its setting) or when
 * `isUnusable` says the error left the session unfit for reuse.
 */
async function releaseAfter<T>(client: pg.PoolClient, run: () => Promise<T>, isUnusable: (error: unknown) => boolean = () => false): Promise<T> {
  let isBroken = false;
  try {
    return await run();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      isBroken = true;
    });
    if (isUnusable(error)) isBroken = true;
    throw error;
  } finally {
    client.release(isBroken);
  }
}

// A prepared statement's first five runs are planned for their values before PostgreSQL settles on
// a generic plan. The hot path's statements are chosen so the generic plan is the right one, and a
// connection may hold a plan per schema (executeInSchema), each of which would pay those five.
const GENERIC_PLAN = 'SET LOCAL plan_cache_mode = force_generic_plan';

/**
 * One read in one round trip: `beginStatement; statement; COMMIT` as a single simple query (which
 * is why the statement's values are inline literals). If the statement fails, the server skips the
 * COMMIT and the ROLLBACK here ends the transaction. An `executeSql` statement is PREPAREd on the
 * connection first if it is not yet (prepared-sql.ts). Returns the statement's rows. Releases the
 * client like runTenantTransaction, and also destroys it when its prepared plan went stale.
 */
export function runTenantStatement<Row extends pg.QueryResultRow>(client: pg.PoolClient, beginStatement: string, statement: InlineSql): Promise<Row[]> {
  return releaseAfter(
    client,
    async () => {
      await ensurePrepared(client, statement);
      const results = (await client.query(
        `${beginStatement}; ${isPreparedExecution(statement) ? `${GENERIC_PLAN}; ` : ''}${statement.text}; COMMIT`,
      )) as unknown as pg.QueryResult<Row>[];
      return results[results.length - 2].rows;
    },
    isStalePreparedPlan,
  );
}

/**
 * Several tenants' single-statement writes in one transaction on the application role's lean pool,
 * each under its own tenant setting (buildPerTenantTransaction): one round trip and one commit.
 * All or none are written; on an error the transaction is rolled back and the error thrown.
 */
export async function runPerTenantWrites(writes: readonly { tenantId: string; statement: InlineSql }[]): Promise<void> {
  if (writes.length === 0) return;
  const text = buildPerTenantTransaction(writes.map(({ tenantId, statement }) => ({ tenantId, statement: statement.text })));
  await runWholeTransaction(await connectAppClient(), text);
}

/**
 * A whole transaction sent as one simple query (`text` begins with BEGIN and ends with COMMIT):
 * returns its results, one per statement. If a statement fails, the server skips the rest, COMMIT
 * included, and the ROLLBACK here ends the transaction. Releases the client like runTenantTransaction.
 */
export function runWholeTransaction(client: pg.PoolClient, text: string): Promise<pg.QueryResult[]> {
  return releaseAfter(client, async () => (await client.query(text)) as unknown as pg.QueryResult[]);
}

/** Connections of the lean pools, open and idle (a metric). */
export function getTenantSqlPoolStats(): { openConnections: number; idleConnections: number } {
  let openConnections = 0;
  let idleConnections = 0;
  for (const pool of pools.bulkheadSqlPools?.values() ?? []) {
    openConnections += pool.totalCount;
    idleConnections += pool.idleCount;
  }
  return { openConnections, idleConnections };
}

/** Closes the lean pools (tests and scripts, at exit). */
export async function closeTenantSqlPools() {
  const all = [...(pools.bulkheadSqlPools?.values() ?? [])];
  pools.bulkheadSqlPools?.clear();
  await Promise.all(all.map((pool) => pool.end()));
}
