// Proves the offline Prisma CLI (scripts/prisma-offline.mjs + the WASM schema engine) against a real,
// throw-away PostgreSQL, by the effects each command leaves in pg_catalog and on disk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';
import { FIRST_MIGRATION_EXTRAS, SCHEMA, SEEDED_TENANT_ID, writeConfig } from './schema-engine.fixtures';

const OFFLINE_PRISMA = path.resolve(__dirname, '..', 'prisma-offline.mjs');
const ENGINE = path.resolve(__dirname, 'schema-engine.mjs');
const OWNER_PASSWORD = 'owner-secret';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  // Start from a clean environment so a developer's own database variables cannot leak in.
  const { BULKHEAD_MIGRATE_URL, BULKHEAD_SHADOW_URL, DATABASE_URL, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd: options.cwd, env: { ...inherited, ...options.env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function describeRun(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('offline Prisma CLI with the WASM schema engine', () => {
  let postgres: ThrowawayPostgres;
  let workDir: string;
  let ownerUrl: (database: string) => string;
  const mainDatabase = 'engine_main';
  const shadowDatabase = 'engine_shadow';
  const prisma = (args: string[], env: Record<string, string> = {}) =>
    run(OFFLINE_PRISMA, args, { cwd: workDir, env: { BULKHEAD_MIGRATE_URL: ownerUrl(mainDatabase), ...env } });
  const migrationsDir = () => path.join(workDir, 'migrations');
  const hasNoteColumn = async () => {
    const sql = `SELECT 1 FROM information_schema.columns WHERE table_name = 'Tenant' AND column_name = 'note'`;
    return (await query(ownerUrl(mainDatabase), sql)).length === 1;
  };
  const findDatabases = async (pattern: string) => {
    const sql = `SELECT datname FROM pg_database WHERE datname LIKE $1`;
    return (await query<{ datname: string }>(postgres.getSuperuserUrl(), sql, [pattern])).map((row) => row.datname);
  };

  before(async () => {
    postgres = await startThrowawayPostgres();
    const admin = postgres.getSuperuserUrl();
    // Migrations run as a database owner that is not a superuser, as in the project.
    await query(admin, `CREATE ROLE engine_owner LOGIN CREATEDB PASSWORD '${OWNER_PASSWORD}'`);
    await query(admin, `CREATE DATABASE ${mainDatabase} OWNER engine_owner`);
    await query(admin, `CREATE DATABASE ${shadowDatabase} OWNER engine_owner`);
    const port = new URL(admin).port;
    ownerUrl = (database) => `postgres://engine_owner:${OWNER_PASSWORD}@127.0.0.1:${port}/${database}`;

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-engine-work-'));
    fs.writeFileSync(path.join(workDir, 'schema.prisma'), SCHEMA);
    writeConfig(workDir);
  });

  after(async () => {
    await postgres?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  test('migrate diff --from-empty --to-schema --script prints the SQL for the schema', async () => {
    const result = await prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--script']);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /CREATE TABLE "Tenant"/);
    assert.match(result.stdout, /CREATE UNIQUE INDEX "Tenant_name_key"/);

    const first = path.join(migrationsDir(), '20260101000000_init');
    fs.mkdirSync(first, { recursive: true });
    fs.writeFileSync(path.join(first, 'migration.sql'), `${result.stdout}\n${FIRST_MIGRATION_EXTRAS}`);
    fs.writeFileSync(path.join(migrationsDir(), 'migration_lock.toml'), 'provider = "postgresql"\n');
  });

  test('migrate status reports the pending migration before deploy (control)', async () => {
    const result = await prisma(['migrate', 'status']);
    assert.notEqual(result.code, 0, describeRun(result));
    assert.match(result.stdout, /20260101000000_init/);
    assert.doesNotMatch(result.stdout, /Database schema is up to date/);
  });

  test('migrate deploy applies a migration with a $$ function and a DO block', async () => {
    const result = await prisma(['migrate', 'deploy']);
    assert.equal(result.code, 0, describeRun(result));

    const url = ownerUrl(mainDatabase);
    const tables = await query(url, `SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'Tenant' AND relkind = 'r'`);
    assert.equal(tables.length, 1, 'table "Tenant" exists');
    const [label] = await query<{ label: string }>(url, `SELECT describe_tenant('acme') AS label`);
    assert.equal(label.label, 'tenant: acme; checked', 'the whole function body was created');
    const seeded = await query<{ name: string }>(url, `SELECT name FROM "Tenant" WHERE id = $1`, [SEEDED_TENANT_ID]);
    assert.deepEqual(seeded, [{ name: 'seeded; by a DO block' }], 'the DO block ran');
    const applied = await query(url, `SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    assert.equal(applied.length, 1);
  });

  test('migrate status reports the database up to date', async () => {
    const result = await prisma(['migrate', 'status']);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /Database schema is up to date/);
  });

  test('generate writes a client to the output directory', async () => {
    const result = await prisma(['generate']);
    assert.equal(result.code, 0, describeRun(result));
    const client = path.join(workDir, 'generated', 'client.ts');
    assert.ok(fs.existsSync(client), `${client} exists`);
    assert.match(fs.readFileSync(path.join(workDir, 'generated', 'models', 'Tenant.ts'), 'utf8'), /TenantCreateInput/);
  });

  test('migrate dev --create-only uses the configured shadow database and leaves the main one alone', async () => {
    const withNote = SCHEMA.replace('kind String @db.Char(1)', 'kind String @db.Char(1)\n  note String?');
    fs.writeFileSync(path.join(workDir, 'schema.prisma'), withNote);
    const result = await prisma(['migrate', 'dev', '--create-only', '--name', 'add_note'], {
      BULKHEAD_SHADOW_URL: ownerUrl(shadowDatabase),
    });
    assert.equal(result.code, 0, describeRun(result));

    const created = fs.readdirSync(migrationsDir()).filter((name) => name.endsWith('_add_note'));
    assert.equal(created.length, 1, 'one new migration directory');
    const sql = fs.readFileSync(path.join(migrationsDir(), created[0], 'migration.sql'), 'utf8');
    assert.match(sql, /ALTER TABLE "Tenant" ADD COLUMN\s+"note" TEXT/);
    assert.doesNotMatch(sql, /DROP/, 'the migration history replayed faithfully in the shadow database');

    assert.equal(await hasNoteColumn(), false, 'create-only does not touch the main database');
    const seeded = await query(ownerUrl(mainDatabase), `SELECT 1 FROM "Tenant" WHERE id = $1`, [SEEDED_TENANT_ID]);
    assert.equal(seeded.length, 1, 'the main database was not reset');
    const replayed = await query(ownerUrl(shadowDatabase), `SELECT 1 FROM pg_class WHERE relname = 'Tenant'`);
    assert.equal(replayed.length, 1, 'the migrations were replayed in the configured shadow database');
  });

  test('migrate dev applies pending migrations with a temporary shadow database and drops it', async () => {
    const result = await prisma(['migrate', 'dev', '--name', 'apply_pending']);
    assert.equal(result.code, 0, describeRun(result));
    assert.equal(await hasNoteColumn(), true, 'the pending migration was applied');
    assert.deepEqual(await findDatabases('prisma_migrate_shadow_db_%'), [], 'no temporary shadow database is left behind');
  });

  test('cli subcommands check, create and drop a database', async () => {
    const scratch = JSON.stringify({ url: ownerUrl('engine_scratch') });
    const engine = (command: string) => run(ENGINE, ['--datasource', scratch, 'cli', command], { cwd: workDir });
    const exists = async () => (await findDatabases('engine_scratch')).length === 1;

    const missing = await engine('can-connect-to-database');
    assert.equal(missing.code, 1, describeRun(missing));
    assert.match(missing.stderr, /"error_code":"P1003"/);
    const created = await engine('create-database');
    assert.equal(created.code, 0, describeRun(created));
    assert.equal(await exists(), true);
    assert.equal((await engine('can-connect-to-database')).code, 0);
    const dropped = await engine('drop-database');
    assert.equal(dropped.code, 0, describeRun(dropped));
    assert.equal(await exists(), false);
  });
});
