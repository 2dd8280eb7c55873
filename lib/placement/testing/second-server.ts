// A second real PostgreSQL for the multi-server tests, standing for another machine: its own cluster
// in a temporary directory, on BULKHEAD_TEST_PG2_PORT (55442 unless set, so parallel runs can move
// it), with an owner role that has CREATEDB and CREATEROLE and nothing more, as an operator would
// register it. Stoppable and restartable on the same port and data, for "the server is down".
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type StartedPostgres } from '@/scripts/services/embedded-postgres';

export interface SecondServer {
  port: number;
  /** The URL a platform admin registers: the owner role, the maintenance database. */
  ownerUrl: string;
  /** The server is down: connections are refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
  /** A superuser session (catalog checks, the kill harness's session checks). */
  connectAsSuperuser(database?: string): Promise<pg.Client>;
  /** A query as the superuser (catalog checks only). */
  queryAsSuperuser<T extends pg.QueryResultRow>(sql: string, values?: unknown[], database?: string): Promise<T[]>;
}

export function getSecondServerPort(): number {
  return Number(process.env.BULKHEAD_TEST_PG2_PORT ?? 55442);
}

/**
 * Starts it on BULKHEAD_TEST_PG2_PORT, or on one of the nine ports after it when that one is taken
 * (test files run two at a time, and each may start its own).
 */
export async function startSecondServer(): Promise<SecondServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-pg2-'));
  if (process.getuid?.() === 0) execFileSync('chmod', ['755', dataDir]);
  const superPassword = randomBytes(12).toString('hex');
  const ownerPassword = randomBytes(12).toString('hex');
  const clusterDir = path.join(dataDir, 'cluster');
  const firstPort = getSecondServerPort();
  let port = firstPort;
  const launch = () => startEmbeddedPostgres({ dataDir: clusterDir, port, password: superPassword });
  let running: StartedPostgres | null = null;
  for (let candidate = firstPort; candidate < firstPort + 10 && !running; candidate++) {
    if (!(await isPortFree(candidate))) continue;
    port = candidate;
    // Another file may have taken it between the check and the start: try the next one.
    running = await launch().catch(() => null);
  }
  if (!running) throw new Error(`No free port for the second PostgreSQL in ${firstPort}-${firstPort + 9} (BULKHEAD_TEST_PG2_PORT).`);
  const superUrl = (database = 'postgres') => `postgres://postgres:${superPassword}@127.0.0.1:${port}/${database}`;

  const connectAsSuperuser = async (database?: string) => {
    const client = new pg.Client({ connectionString: superUrl(database) });
    await client.connect();
    return client;
  };
  const queryAsSuperuser = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = [], database?: string) => {
    const client = await connectAsSuperuser(database);
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  await queryAsSuperuser(`CREATE ROLE bulkhead_server_owner WITH LOGIN CREATEDB CREATEROLE PASSWORD '${ownerPassword}'`);

  return {
    port,
    ownerUrl: `postgres://bulkhead_server_owner:${ownerPassword}@127.0.0.1:${port}/postgres`,
    connectAsSuperuser,
    queryAsSuperuser,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      running ??= await launch();
    },
    async destroy() {
      await running?.stop();
      running = null;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
