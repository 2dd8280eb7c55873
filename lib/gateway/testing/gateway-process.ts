import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

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
