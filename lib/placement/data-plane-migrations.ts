import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { assertNotControlPlaneSchema } from './placement-ddl';
import { env } from '@/lib/env';

export interface DataPlaneMigration {
  name: string;
  sql: string;
  checksum: string;
}

const migrationsDir = () => env.dataPlaneMigrationsDir ?? path.join(process.cwd(), 'prisma', 'data-plane', 'migrations');

/** The data-plane migrations in order (the folders of prisma/data-plane/migrations). */
export function listDataPlaneMigrations(): DataPlaneMigration[] {
  const dir = migrationsDir();
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function getLatestDataPlaneMigration(): string {
  const all = listDataPlaneMigrations();
  return all[all.length - 1].name;
}

/**
 * Brings `schemaName` (which must exist) up to the newest data-plane migration, as the connected
 * owner, in ONE transaction: a crash leaves it at the old version, never half-migrated. Recorded in
 * Prisma's own `_prisma_migrations` ledger of that schema, so `prisma migrate status` with
 * `?schema=` agrees. We apply the SQL ourselves rather than spawning the Prisma CLI per schema:
 * the CLI with the offline WASM engine takes about 4 s per run, twice the 2 s provisioning budget.
 * Returns the names it applied (none when already current).
 */
export async function applyDataPlaneMigrations(owner: pg.Client, schemaName: string): Promise<string[]> {
  assertNotControlPlaneSchema(schemaName);
  const migrations = listDataPlaneMigrations();
  const schema = pg.escapeIdentifier(schemaName);
  await owner.query('BEGIN');
  try {
    // Serializes concurrent provisioners of the same schema (a resumed run racing the original).
    await owner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bulkhead-data-plane:${schemaName}`]);
    await owner.query(`SET LOCAL search_path TO ${schema}`);
    await owner.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await owner.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const appliedNow: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum && checksum !== migration.checksum) {
        throw new Error(`Data-plane migration ${migration.name} was edited after it was applied to ${schemaName}`);
      }
      if (checksum) continue;
      await owner.query(migration.sql);
      await owner.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`, [
        randomUUID(),
        migration.checksum,
        migration.name,
      ]);
      appliedNow.push(migration.name);
    }
    await owner.query('COMMIT');
    return appliedNow;
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
