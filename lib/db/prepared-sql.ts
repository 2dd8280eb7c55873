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
 * at execution, and PostgreSQL re-analyses it when a table it names changes or it runs under
 * another role or search_path than before (on shared connections, executeInSchema gives each
 * schema a plan of its own so that this stays rare).
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

/**
 * The same statement under a name of its own for one schema, for connections shared by many
 * schemas (the pool every schema_kms placement is served through, each transaction taking its
 * placement's role and search_path). PostgreSQL re-analyses and re-plans a prepared statement
 * whenever the search_path or role it runs under differs from the last time it ran, so one name
 * shared by every schema is planned afresh on almost every call once traffic is spread over
 * tenants. A name per schema keeps each plan under the one search_path and role it was made for.
 */
export function executeInSchema(statement: InlineSql, schema: string): InlineSql | ExecuteSql {
  const prepared = (statement as Partial<ExecuteSql>).prepared;
  if (!prepared) return statement;
  const variant = getSchemaVariant(prepared, schema);
  const text = `EXECUTE ${variant.name}${statement.text.slice(`EXECUTE ${prepared.name}`.length)}`;
  return { text, prepared: variant } satisfies ExecuteSql;
}

const schemaVariants = new Map<string, PreparedSql>();
// Placements come and go over a process's life; past this many, forget the old names (they are
// cheap to derive again) rather than keep every schema that ever existed.
const MAX_SCHEMA_VARIANTS = 10_000;

function getSchemaVariant(prepared: PreparedSql, schema: string): PreparedSql {
  const key = `${prepared.name}\u0000${schema}`;
  let variant = schemaVariants.get(key);
  if (!variant) {
    const name = `${prepared.name}_${createHash('sha256').update(schema).digest('hex').slice(0, 12)}`;
    variant = { name, prepareText: `PREPARE ${name}${prepared.prepareText.slice(`PREPARE ${prepared.name}`.length)}` };
    if (schemaVariants.size >= MAX_SCHEMA_VARIANTS) schemaVariants.clear();
    schemaVariants.set(key, variant);
  }
  return variant;
}

// The statements each live connection has prepared, least recently used first. Keyed by the
// client object: pg makes a new one for every new server connection, so a reconnect starts with
// nothing prepared.
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/**
 * Plans a connection keeps before it deallocates its least recently used one: a shared connection
 * serving many schemas holds a plan per schema, and each costs the server memory for the
 * connection's life (the knowledge-base search: about 64 KB, so 32 MB at this limit). Round-robin
 * traffic over more schemas than this misses on every call (least recently used is exactly the one
 * needed next), so the limit sits well above a lane's share of 1,000 tenants (4 lanes: about 250,
 * up to 290 by the hash's spread).
 */
export const MAX_PREPARED_PER_CONNECTION = 512;

const DUPLICATE_PREPARED_STATEMENT = '42P05';

/**
 * Prepares `statement`'s statement on `client` unless this process already did, in its own round
 * trip outside any transaction (PREPARE is not undone by a rollback, so doing it inside the read's
 * transaction would not make it safer), deallocating the connection's least recently used plan in
 * the same round trip when it holds MAX_PREPARED_PER_CONNECTION. A no-op for plain InlineSql.
 */
export async function ensurePrepared(client: pg.ClientBase, statement: InlineSql): Promise<void> {
  const prepared = (statement as Partial<ExecuteSql>).prepared;
  if (!prepared) return;
  let names = preparedOn.get(client);
  if (names?.has(prepared.name)) {
    names.delete(prepared.name);
    names.add(prepared.name);
    return;
  }
  if (!names) preparedOn.set(client, (names = new Set()));
  const oldest = names.size >= MAX_PREPARED_PER_CONNECTION ? names.values().next().value : undefined;
  try {
    await client.query(oldest ? `DEALLOCATE ${oldest}; ${prepared.prepareText}` : prepared.prepareText);
  } catch (error) {
    // Prepared on this session by a path that did not record it: it is the same text (the name
    // carries the text's digest), so it can be used as it is.
    if ((error as { code?: string }).code !== DUPLICATE_PREPARED_STATEMENT) throw error;
  } finally {
    // DEALLOCATE is not transactional: once sent, the oldest is forgotten here too (were it still
    // on the server, preparing it again reports a duplicate, which is taken as prepared).
    if (oldest) names.delete(oldest);
  }
  names.add(prepared.name);
}

/** True when `statement` runs a prepared plan (an executeSql statement). */
export function isPreparedExecution(statement: InlineSql): boolean {
  return (statement as Partial<ExecuteSql>).prepared !== undefined;
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
