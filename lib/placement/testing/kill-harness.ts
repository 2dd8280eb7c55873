// Real kills for the placement tests: a migration runs in a child process (migrate-layer-child.ts),
// stops at a named point with its connections, transactions and locks live, and is SIGKILLed there.
import { fork, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsOwner } from '@/lib/testing/fixtures';
import { getLatestDataPlaneMigration } from '../data-plane-migrations';
import { getPlacement } from '../get-placement';
import { getRunningOperation } from '../operation-ledger';
import { getTargetPlacement } from '../placement-target-spec';
import type { ChildMessage, ChildMigration, PausePoint } from './migrate-layer-child';
import { holdRow, readStoredRow } from './placement-state';

/** How long the server may take to end a killed child's sessions (its connection check runs every second). */
const sessionEndMs = 5_000;

export interface MigrationChild {
  /** Every connection the child opens carries it (PGAPPNAME), so its sessions can be found after it dies. */
  applicationName: string;
  /** Resolves once the child stopped at its pause point; rejects if it finished or failed first. */
  paused: Promise<PausePoint>;
  /** Lets the paused child go on. */
  proceed(): void;
  /** kill -9, and waits until the process is gone. */
  kill(): Promise<void>;
}

const childScript = path.join(__dirname, 'migrate-layer-child.ts');

export function startMigrationChild(run: ChildMigration): MigrationChild {
  const applicationName = `bulkhead-kill-${randomUUID().slice(0, 8)}`;
  const child: ChildProcess = fork(childScript, [JSON.stringify(run)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PGAPPNAME: applicationName },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const paused = new Promise<PausePoint>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if ('paused' in message) resolve(message.paused);
      else reject(new Error(`the child ran past its pause point: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code, signal) => reject(new Error(`the child exited (${code ?? signal}) before its pause point`)));
  });
  return {
    applicationName,
    paused,
    proceed: () => void child.send('go'),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Connects to the server a check looks at: the control plane's own unless a test names another. */
export type ConnectToServer = () => Promise<pg.Client>;

/** The server sessions a (dead) child still has, by its application name. */
export async function countSessions(applicationName: string, connect: ConnectToServer = connectAsOwner): Promise<number> {
  const owner = await connect();
  try {
    const { rows } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows[0].n;
  } finally {
    await owner.end();
  }
}

/**
 * Waits until the server has ended every session of a killed child (their transactions rolled
 * back, their locks released) and returns how long that took; throws after `timeoutMs`.
 */
export async function waitForSessionsToEnd(applicationName: string, timeoutMs: number, connect: ConnectToServer = connectAsOwner): Promise<number> {
  const start = Date.now();
  while ((await countSessions(applicationName, connect)) > 0) {
    if (Date.now() - start > timeoutMs) throw new Error(`sessions of ${applicationName} still open ${timeoutMs} ms after the kill`);
    await sleep(50);
  }
  return Date.now() - start;
}

/** The session that `blockerPid` blocks (waiting on a lock it holds), once there is one. */
export async function waitForSessionBlockedBy(
  blockerPid: number,
  timeoutMs = 15_000,
  connect: ConnectToServer = connectAsOwner,
): Promise<{ pid: number; applicationName: string }> {
  const owner = await connect();
  try {
    for (const start = Date.now(); Date.now() - start < timeoutMs; await sleep(25)) {
      const { rows } = await owner.query<{ pid: number; applicationName: string }>(
        'SELECT pid, application_name AS "applicationName" FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
        [blockerPid],
      );
      if (rows[0]) return rows[0];
    }
    throw new Error(`nothing waited on session ${blockerPid} within ${timeoutMs} ms`);
  } finally {
    await owner.end();
  }
}

/** Runs the migration in a child, kills it at `pause`, and waits for the server to end its sessions. */
export async function killMigrationAt(run: Omit<ChildMigration, 'pause'>, pause: PausePoint): Promise<void> {
  const child = startMigrationChild({ ...run, pause });
  try {
    await child.paused;
    // Else the check after the kill would prove nothing.
    if ((await countSessions(child.applicationName)) === 0) throw new Error('no session of the child is visible before the kill');
  } finally {
    await child.kill();
  }
  await waitForSessionsToEnd(child.applicationName, sessionEndMs);
}

/**
 * Runs the migration in a child and kills it midway through the copy: the row at `rowIndex` of
 * `table` is held in the target first, so the copy's INSERT waits there with the rows before it
 * written and its transaction open. The server must end the dead child's sessions while that
 * statement still waits (the held row is released only afterwards). `targetServer` connects to the
 * server the target is built on, when that is not the control plane's own.
 */
export async function killMigrationMidCopy(
  run: Omit<ChildMigration, 'pause'>,
  table: string,
  rowIndex: number,
  targetServer: ConnectToServer = connectAsOwner,
): Promise<void> {
  const source = await getPlacement(run.tenantId, run.layer);
  const child = startMigrationChild({ ...run, pause: { when: 'before', step: 'copy' } });
  try {
    await child.paused;
    const operation = await getRunningOperation(run.tenantId, run.layer);
    if (!operation) throw new Error('the child paused with no running operation');
    const held = await holdRow(getTargetPlacement(operation, getLatestDataPlaneMigration()), table, await readStoredRow(source, table, rowIndex));
    try {
      child.proceed();
      const blocked = await waitForSessionBlockedBy(held.pid, undefined, targetServer);
      if (blocked.applicationName !== child.applicationName) throw new Error(`${blocked.applicationName} waited on the held row, not the child`);
      await child.kill();
      await waitForSessionsToEnd(child.applicationName, sessionEndMs);
      await waitForSessionsToEnd(child.applicationName, sessionEndMs, targetServer);
    } finally {
      await held.release();
    }
  } finally {
    await child.kill();
  }
}
