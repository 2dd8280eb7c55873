import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { logEvent } from '@/lib/log/logger';
import { readHashedChunk, type HashedChunk, type HashedStoredEvent } from './hash-stored-rows';

/** Hashes chunks of COPY rows off the main thread; results come back in the order chunks were given. */
export interface StoredRowHasher {
  /** Takes the chunk over (its memory moves to the worker): the caller must not touch it afterwards. */
  hash(chunk: Buffer): Promise<HashedStoredEvent[]>;
}

// Ready within this long or not at all (a cold start loads tsx and the hashing modules).
const START_TIMEOUT_MS = 15_000;
// On globalThis so every bundle of the server shares one worker.
const state = globalThis as unknown as { bulkheadRowHasher?: Promise<StoredRowHasher | null> };

/**
 * The process's hashing worker, started on first use and kept (it never keeps the process alive while
 * idle). Null where this module does not run from its TypeScript source: the worker loads that source
 * through tsx, as the process does under `node --import tsx` (scripts, tests, benchmarks, the CLI
 * verifier). Inside the Next.js server bundle there is no source to load, so the console's "verify
 * now" hashes on the main thread instead, with the same results.
 */
export function getStoredRowHasher(): Promise<StoredRowHasher | null> {
  return (state.bulkheadRowHasher ??= startWorker().catch((error: unknown) => {
    logEvent('info', 'audit verification hashes on the main thread (no hashing worker here)', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return null;
  }));
}

async function startWorker(): Promise<StoredRowHasher> {
  const file = path.join(path.dirname(__filename), 'hash-stored-rows-worker.ts');
  if (!__filename.endsWith('.ts') || !existsSync(file)) throw new Error('not running from TypeScript source (a bundled server)');
  // `--import tsx` does not reach worker threads on Node 20: the worker registers tsx itself.
  const bootstrap = `require(require.resolve('tsx/cjs/api', { paths: [${JSON.stringify(path.dirname(file))}] })).register(); require(${JSON.stringify(file)});`;
  const worker = new Worker(bootstrap, { eval: true });
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      worker.off('message', onReady).off('error', settle).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onExit = (code: number) => settle(new Error(`the hashing worker exited with ${code}`));
    const timer = setTimeout(() => settle(new Error('the hashing worker did not start in time')), START_TIMEOUT_MS);
    worker.on('message', onReady).on('error', settle).on('exit', onExit);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.unref();

  const pending = new Map<number, { resolve: (events: HashedStoredEvent[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const fail = (error: Error) => {
    // Fail closed: every verification waiting on it fails; the next one starts a new worker.
    state.bulkheadRowHasher = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', ({ id, result, error }: { id: number; result?: HashedChunk; error?: string }) => {
    const waiting = pending.get(id);
    pending.delete(id);
    // Idle again: let the process exit without waiting for the worker.
    if (pending.size === 0) worker.unref();
    if (!waiting) return;
    if (error !== undefined) waiting.reject(new Error(`hashing stored events failed: ${error}`));
    else {
      try {
        waiting.resolve(readHashedChunk(result!));
      } catch (problem) {
        waiting.reject(problem as Error);
      }
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the hashing worker exited with ${code}`)));

  return {
    hash(chunk) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // A worker with work in hand keeps the process alive until the answer is back.
        worker.ref();
        worker.postMessage({ id, chunk }, [chunk.buffer as ArrayBuffer]);
      });
    },
  };
}
