import path from 'node:path';
import { bootstrapDatabase, deriveDatabaseUrls, dropDatabase, type DatabaseUrls } from './database-roles';
import { startEmbeddedPostgres } from './embedded-postgres';
import { loadLocalSecrets, type LocalSecrets } from './local-secrets';
import { runCommand } from './run-command';
import { startLocalKms } from '@/scripts/local-kms/start-local-kms';
import { startLocalModel } from '@/scripts/local-model/server';

export interface LocalStackOptions {
  dataDir: string;
  /** Port for the embedded cluster (ignored when DATABASE_URL names a server). */
  postgresPort: number;
  database: string;
  /** Drop and recreate the database first (tests start from nothing). */
  fresh?: boolean;
  /** Ports of the local KMS and model servers; 0 picks free ones (tests). */
  kmsPort: number;
  modelPort: number;
  /**
   * Leave the tenants' schemas and databases as they are (default: upgrade every placement to the
   * newest data-plane migration, which visits each one). For a benchmark reusing 1,000 tenants it
   * made in this checkout a moment ago.
   */
  skipPlacementUpgrade?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  urls: DatabaseUrls;
  /** The superuser (or DATABASE_URL) connection: bootstrap only, and tests that must grant what no Bulkhead role can. */
  adminUrl: string;
  secrets: LocalSecrets;
  /** The environment the Next.js server and scripts need to reach this stack. */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Brings up everything the console needs on this machine: PostgreSQL (embedded unless
 * DATABASE_URL is set), the Bulkhead roles and database, and the migrations.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const secrets = loadLocalSecrets(options.dataDir);
  const stops: (() => Promise<void>)[] = [];

  let adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    log(`Using the PostgreSQL server in DATABASE_URL (${new URL(adminUrl).host}).`);
  } else {
    log(`Starting embedded PostgreSQL on 127.0.0.1:${options.postgresPort} (data in ${path.relative(process.cwd(), options.dataDir)}/pg).`);
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(options.dataDir, 'pg'),
      port: options.postgresPort,
      password: secrets.postgresSuperuserPassword,
    });
    adminUrl = postgres.adminUrl;
    stops.push(postgres.stop);
  }

  if (options.fresh) await dropDatabase(adminUrl, options.database);
  await bootstrapDatabase(adminUrl, options.database, secrets);
  const urls = deriveDatabaseUrls(adminUrl, options.database, secrets);
  await runCommand(process.execPath, ['scripts/prisma-offline.mjs', 'migrate', 'deploy'], { BULKHEAD_MIGRATE_URL: urls.ownerUrl });

  // The KMS-compatible server stands in for AWS KMS unless BULKHEAD_KMS=aws asks for AWS (lib/kms/config.ts).
  const usesAwsKms = process.env.BULKHEAD_KMS?.trim().toLowerCase() === 'aws';
  let kmsEndpoint = process.env.BULKHEAD_KMS_ENDPOINT ?? '';
  if (!usesAwsKms && !kmsEndpoint) {
    const kms = await startLocalKms({ dataDir: path.join(options.dataDir, 'kms'), port: options.kmsPort });
    kmsEndpoint = kms.url;
    stops.push(kms.close);
    log(`Local KMS (AWS KMS JSON protocol) on ${kms.url}.`);
  }
  const model = await startLocalModel({ port: options.modelPort });
  stops.push(model.close);
  log(`Local model simulator (OpenAI-compatible) on ${model.url}.`);

  const appEnv: Record<string, string> = {
    BULKHEAD_APP_DATABASE_URL: urls.appUrl,
    BULKHEAD_PLATFORM_DATABASE_URL: urls.platformUrl,
    BULKHEAD_DATA_DIR: options.dataDir,
    AUTH_SECRET: secrets.authSecret,
    BULKHEAD_CACHE_SALT_SECRET: secrets.cacheSaltSecret,
    BULKHEAD_AUDIT_KEK: secrets.auditKek,
    BULKHEAD_LOCAL_MODEL_URL: model.url,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  appEnv.BULKHEAD_KMS = usesAwsKms ? 'aws' : 'local';
  if (kmsEndpoint) appEnv.BULKHEAD_KMS_ENDPOINT = kmsEndpoint;

  // The data plane: the shared schema and every tenant schema and database, to the newest migration.
  if (!options.skipPlacementUpgrade)
    await runCommand(process.execPath, ['--import', 'tsx', 'scripts/placement-migrate-all.ts'], {
      ...appEnv,
      BULKHEAD_OWNER_DATABASE_URL: urls.ownerUrl,
    });
  return {
    urls,
    adminUrl,
    secrets,
    appEnv,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
