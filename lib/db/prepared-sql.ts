import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inlineSql, joinSql, type InlineSql, type InlineValue } from './inline-sql';

/**
 * A statement the server plans once per connection instead of on every call. The hot path sends
 * its reads and appends as one simple query (BEGIN, the tenant setting, the statement, COMMIT), a
 * protocol that cannot reuse plans: PostgreSQL parsed and planned the retrieval query on every
 * request, about three quarters of its server CPU. `EXECUTE name(literals)` inside that same query
 * reuses the plan PREPAREd on that connection.
 *
 * Row-level security is unaffected: a cached plan still evaluates the policies' current_setting
 * at execution, and each connection keeps one role and one search_path, which is what the plan was
 * analysed under (PostgreSQL re-analyses it when a table it names changes).
 */
export interface PreparedSql {
  /** Unique per text, so two versions of a statement never share a name on one server session. */
  readonly name: string;
  readonly prepareText: string;
}

/** An `EXECUTE` of a PreparedSql, for runTenantStatement and friends, which PREPARE it first where needed. */
export interface ExecuteSql extends InlineSql {
  readonly prepared: PreparedSql;
}

/**
 * Declares a statement with positional parameters ($1, $2, ...) of the given SQL types. Declare it
 * once at module level; nothing reaches the server until a connection first executes it.
 */
export function definePreparedSql(label: string, parameterTypes: readonly string[], text: string): PreparedSql {
  if (!/^[a-z][a-z0-9_]*$/.test(label)) throw new TypeError(`definePreparedSql: label must be lower-case SQL identifier characters, got ${label}`);
  const types = parameterTypes.join(', ');
  const digest = createHash('sha256').update(`${types}\u0000${text}`).digest('hex').slice(0, 12);
  const name = `bh_${label}_${digest}`;
  return { name, prepareText: `PREPARE ${name}${types ? `(${types})` : ''} AS ${text}` };
}

/** `EXECUTE name(values)`, the values inlined as escaped literals (inline-sql.ts). */
export function executeSql(prepared: PreparedSql, values: readonly InlineValue[]): ExecuteSql {
  const args = joinSql(
    values.map((value) => inlineSql`${value}`),
    ', ',
  );
  return { text: `EXECUTE ${prepared.name}${values.length > 0 ? `(${args.text})` : ''}`, prepared };
}

// The statements each live connection has prepared. Keyed by the client object: pg makes a new one
// for every new server connection, so a reconnect starts with nothing prepared.
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

const DUPLICATE_PREPARED_STATEMENT = '42P05';

/**
 * Prepares `statement`'s statement on `client` unless this process already did, in its own round
 * trip outside any transaction (PREPARE is not undone by a rollback, so doing it inside the read's
 * transaction would not make it safer). A no-op for plain InlineSql.
 */
export async function ensurePrepared(client: pg.ClientBase, statement: InlineSql): Promise<void> {
  const prepared = (statement as Partial<ExecuteSql>).prepared;
  if (!prepared) return;
  let names = preparedOn.get(client);
  if (names?.has(prepared.name)) return;
  try {
    await client.query(prepared.prepareText);
  } catch (error) {
    // Prepared on this session by a path that did not record it: it is the same text (the name
    // carries the text's digest), so it can be used as it is.
    if ((error as { code?: string }).code !== DUPLICATE_PREPARED_STATEMENT) throw error;
  }
  if (!names) preparedOn.set(client, (names = new Set()));
  names.add(prepared.name);
}

/**
 * True for the error PostgreSQL gives when a prepared statement's result columns changed type under
 * it (a data-plane migration altered a column it returns). That connection's plan can never run
 * again, so the caller should destroy the connection rather than return it to the pool.
 */
export function isStalePreparedPlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}
