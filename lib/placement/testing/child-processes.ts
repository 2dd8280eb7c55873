import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { ServingChildMessage } from './serving-child';
import type { WorkerChildMessage, WorkerChildRun } from './worker-child';

function forkChild(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(__dirname, script), args, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code, signal) => reject(new Error(`the child exited (${code ?? signal}) before reporting`)));
  });
}

export interface ServingChild {
  baseURL: string;
  stop(): Promise<void>;
}

/** Another process serving the gateway pipeline over HTTP against the same database and KMS. */
export async function startServingChild(): Promise<ServingChild> {
  const child = forkChild('serving-child.ts', []);
  const message = await firstMessage<ServingChildMessage>(child);
  if ('failed' in message) throw new Error(`the serving child failed: ${message.failed}`);
  return {
    baseURL: message.baseURL,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
}

/** One layer migration in a worker process of its own; rejects with the step's message if it fails. */
export async function runMigrationInWorker(run: WorkerChildRun, env: Record<string, string> = {}): Promise<{ operationId: string; rowsCopied: number }> {
  const message = await firstMessage<WorkerChildMessage>(forkChild('worker-child.ts', [JSON.stringify(run)], env));
  if ('failed' in message) throw new Error(`the migration failed: ${message.failed}`);
  return message.done;
}
