// Workarounds for three @prisma/adapter-pg 7.10.1 bugs that break migrations (not queries):
//  1. Catalog columns of type "char" (OID 18) throw UnsupportedNativeDataType (prisma/orm#27403).
//  2. connectToShadowDb() builds its pool from `{ ...config, database }`; with a connection string the
//     string wins, so the "shadow" is the main database. It also drops the shadow database before
//     ending the pool connected to it, which fails ("being accessed by other users").
//  3. executeScript() splits the script on ";", which cuts `$$` function bodies and DO blocks apart.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { parseConnectionUrl, quoteIdentifier, withDatabase } from './connection-config.mjs';

const CHAR_OID = 18;
const TEXT_OID = 25;
// Other catalog types that pg hands over as plain strings but adapter-pg refuses:
// int2vector, regproc, xid, cid, oidvector, pg_node_tree, aclitem, regclass, regtype.
const STRING_CATALOG_OIDS = new Set([22, 24, 28, 29, 30, 194, 1033, 2205, 2206]);
const CHARACTER_COLUMN = ColumnTypeEnum.Character;
// Which result columns were "char", keyed by the rows array that queryRaw passes through unchanged.
const charColumnsByRows = new WeakMap();

/**
 * Bug 1: lets adapter-pg read "char" and other string-valued catalog columns. The engine reads
 * "char" columns (e.g. pg_constraint.contype) as single characters, so those must be reported as
 * Character, not Text: the describer panics on Text ("as char failed").
 */
function readCatalogColumns(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) charColumns.push(index);
      // pg parsed these values as strings already; only adapter-pg's type check needs convincing.
      if (field.dataTypeID === CHAR_OID || STRING_CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    });
    if (charColumns.length > 0) charColumnsByRows.set(result.rows, charColumns);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = CHARACTER_COLUMN;
    return result;
  };
  return queryable;
}

/**
 * Builds the driver adapter factory for the WASM schema engine from the CLI's datasource
 * ({ url, shadowDatabaseUrl? }), with the three fixes applied.
 */
export function createMigrationAdapterFactory({ url, shadowDatabaseUrl }) {
  const main = parseConnectionUrl(url);
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectAdapter(main),
    connectToShadowDb: () => (shadowDatabaseUrl ? connectToConfiguredShadow(main, parseConnectionUrl(shadowDatabaseUrl)) : connectToTemporaryShadow(main)),
  };
}

async function connectAdapter({ poolConfig, schema }) {
  const adapter = await new PrismaPg(poolConfig, { schema }).connect();
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => readCatalogColumns(await startTransaction(...args));
  return runScriptsWhole(readCatalogColumns(adapter));
}

/** Bug 3: one simple-protocol query runs the whole script, as the native engine does. */
function runScriptsWhole(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error); // rethrows as the DriverAdapterError the engine understands
    }
  };
  return adapter;
}

/** Bug 2, default case: a throw-away database next to the main one, dropped after its pool ends. */
async function connectToTemporaryShadow(main) {
  const database = `prisma_migrate_shadow_db_${randomUUID()}`;
  await runStatement(main.poolConfig, `CREATE DATABASE ${quoteIdentifier(database)}`);
  const adapter = await connectAdapter({ poolConfig: withDatabase(main.poolConfig, database), schema: main.schema });
  const endPool = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await endPool();
    await runStatement(main.poolConfig, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  };
  return adapter;
}

/** Bug 2, configured case (BULKHEAD_SHADOW_URL): reset that database first, as the native engine does. */
async function connectToConfiguredShadow(main, shadow) {
  assertDifferentDatabases(main.poolConfig, shadow.poolConfig);
  await runStatement(shadow.poolConfig, buildResetScript(shadow.schema ?? 'public'));
  return connectAdapter(shadow);
}

function assertDifferentDatabases(main, shadow) {
  const describe = (config) => `${config.host ?? ''}:${config.port ?? 5432}/${config.database ?? ''}`;
  if (describe(main) === describe(shadow)) {
    throw new Error(`The shadow database URL points at the main database (${describe(main)}); refusing to reset it.`);
  }
}

function buildResetScript(schema) {
  return `DO $reset$
DECLARE target record;
BEGIN
  FOR target IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', target.nspname);
  END LOOP;
END $reset$;
CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)};`;
}

async function runStatement(poolConfig, sql) {
  const client = new pg.Client(poolConfig);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
