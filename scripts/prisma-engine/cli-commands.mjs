// `schema-engine cli <command>`: database-level chores the CLI runs before migrations
// (e.g. `migrate dev` creates a missing database). Implemented with plain pg, since the WASM engine
// cannot create or drop databases. Failures are reported like the binary: an ERROR log line with
// `error_code` on stderr and exit code 1.
import pg from 'pg';
import { parseConnectionUrl, quoteIdentifier, withDatabase } from './connection-config.mjs';

// Error codes from Prisma's user-facing errors (https://pris.ly/d/error-codes).
const DATABASE_DOES_NOT_EXIST = 'P1003';
const CANNOT_REACH_SERVER = 'P1001';
const AUTHENTICATION_FAILED = 'P1000';
const UNDEFINED_DATABASE = '3D000';
const INVALID_PASSWORD = '28P01';

/** An expected failure, reported to the CLI with a Prisma error code. */
export class EngineCommandError extends Error {
  constructor(errorCode, message) {
    super(message);
    this.errorCode = errorCode;
  }
}

/** Runs one `cli` subcommand against the datasource URL and returns the line to print on success. */
export async function runCliCommand(command, { url }) {
  const { poolConfig } = parseConnectionUrl(url);
  const database = poolConfig.database;
  if (!database) throw new EngineCommandError(DATABASE_DOES_NOT_EXIST, 'The connection URL names no database.');
  if (command === 'can-connect-to-database') {
    await runOn(poolConfig, 'SELECT 1');
    return 'Connection successful';
  }
  if (command === 'create-database') {
    await runOnMaintenanceDatabase(poolConfig, `CREATE DATABASE ${quoteIdentifier(database)}`);
    return `Database '${database}' was successfully created.`;
  }
  await runOnMaintenanceDatabase(poolConfig, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  return `The database '${database}' was successfully dropped.`;
}

/** A database cannot create or drop itself: use `postgres`, or `template1` where that is missing or the target. */
async function runOnMaintenanceDatabase(poolConfig, sql) {
  const candidates = ['postgres', 'template1'].filter((name) => name !== poolConfig.database);
  try {
    await runOn(withDatabase(poolConfig, candidates[0]), sql);
  } catch (error) {
    if (error.errorCode !== DATABASE_DOES_NOT_EXIST || candidates.length < 2) throw error;
    await runOn(withDatabase(poolConfig, candidates[1]), sql);
  }
}

async function runOn(poolConfig, sql) {
  const client = new pg.Client(poolConfig);
  try {
    await client.connect();
    await client.query(sql);
  } catch (error) {
    throw toEngineCommandError(error, poolConfig);
  } finally {
    await client.end().catch(() => {});
  }
}

function toEngineCommandError(error, { host, port, database, user }) {
  const where = `${host ?? 'localhost'}:${port ?? 5432}`;
  if (error.code === UNDEFINED_DATABASE) {
    const message = `Database \`${database}\` does not exist on the database server at \`${where}\`.`;
    return new EngineCommandError(DATABASE_DOES_NOT_EXIST, message);
  }
  if (error.code === INVALID_PASSWORD) {
    const message = `Authentication failed against database server at \`${where}\` for user \`${user}\`.`;
    return new EngineCommandError(AUTHENTICATION_FAILED, message);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(error.code)) {
    return new EngineCommandError(CANNOT_REACH_SERVER, `Can't reach database server at \`${where}\`.`);
  }
  return error;
}
