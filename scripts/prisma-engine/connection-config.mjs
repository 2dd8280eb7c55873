// Connection URLs become explicit pg fields (host, port, user, password, database, ssl, ...)
// because @prisma/adapter-pg derives its shadow-database config by overriding `database`,
// which a `connectionString` would silently win over.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// pg's own URL parser, so sslmode and friends mean exactly what they mean to pg.
const { parseIntoClientConfig } = createRequire(require.resolve('pg'))('pg-connection-string');

/**
 * Parses a postgres:// URL into a pg pool config without `connectionString`.
 * Prisma's `?schema=` parameter is returned separately (pg has no such option).
 * @returns {{ poolConfig: import('pg').PoolConfig, schema: string | undefined }}
 */
export function parseConnectionUrl(url) {
  const { schema, ...poolConfig } = parseIntoClientConfig(url);
  return { poolConfig, schema: typeof schema === 'string' ? schema : undefined };
}

/** Returns the same server and user with another database, e.g. `postgres` to create or drop one. */
export function withDatabase(poolConfig, database) {
  return { ...poolConfig, database };
}

/** Quotes an identifier for SQL (database names cannot be bound as parameters). */
export function quoteIdentifier(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}
