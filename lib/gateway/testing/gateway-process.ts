import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';

export interface GatewayProcess {
  /** `http://127.0.0.1:<port>`; the OpenAI base URL is `${url}/v1`. */
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * `npm run gateway` as a real, separate process on a free port, with this process's settings plus
 * `env` (tests: the test database, KMS and a model simulator). Its stderr (the server log) is passed on.
 */
export async function startGatewayProcess(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/gateway.ts', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /Bulkhead gateway: (http:\/\/\S+)\/v1/.exec(line);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`the gateway process exited with ${code} before listening`)));
  });
  return {
    url,
    child,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface GatewayFleet {
  model: LocalModel;
  gateways: GatewayProcess[];
  /** Stops every gateway (gracefully) and the model. */
  close(): Promise<void>;
}

/** `count` gateway processes (with `env` added to their settings) in front of one local model simulator started in this process. */
export async function startGatewayFleet(count: number, env: Record<string, string> = {}): Promise<GatewayFleet> {
  const model = await startLocalModel();
  const gateways = await Promise.all(Array.from({ length: count }, () => startGatewayProcess({ ...env, BULKHEAD_LOCAL_MODEL_URL: model.url })));
  return {
    model,
    gateways,
    async close() {
      await Promise.all(gateways.map((gateway) => gateway.stop()));
      await model.close();
    },
  };
}

/** One chat completion request with a tenant key, as any OpenAI client would send it. */
export function postChatCompletion(gateway: GatewayProcess, apiKey: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the refund window?' }], ...body }),
  });
}

/** A fleet of `count` gateway processes for a test file's describe block: started before, stopped (with this process's pools) after. */
export function useGatewayFleet(count: number, env: Record<string, string> = {}): { readonly gateways: GatewayProcess[] } {
  let fleet: GatewayFleet | undefined;
  before(async () => {
    fleet = await startGatewayFleet(count, env);
  });
  after(async () => {
    await fleet?.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });
  return {
    get gateways() {
      return fleet!.gateways;
    },
  };
}
