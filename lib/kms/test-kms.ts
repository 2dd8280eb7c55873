import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { startLocalKms, type LocalKms } from '@/scripts/local-kms/start-local-kms';
import { defaultLocalKmsCredentials } from './config';
import { resetKmsState } from './reset-kms';

export interface TestKms {
  /** The running server (replaced by restartServer). */
  readonly server: LocalKms;
  /** "KMS goes down": closes the server, keeping its port and data dir. */
  stopServer(): Promise<void>;
  /** "KMS comes back": starts it again on the same port with the same keys. */
  restartServer(): Promise<void>;
  dataDir: string;
  /** Moves the server's key-lifecycle clock (deletion dates, rotation periods) forward. */
  advanceClock(ms: number): void;
  /** Access-log entries written so far. */
  readAccessLog(): Array<Record<string, unknown> & { operation: string; encryptionContext?: Record<string, string> }>;
  /** Every file under the data dir, concatenated: to prove no plaintext or key reached the disk. */
  readAllFiles(): Buffer;
  stop(): Promise<void>;
}

/**
 * Test helper: a local KMS in this process on an ephemeral port with a temporary data dir, and
 * lib/kms pointed at it through the environment (all traffic still goes through the SDK over HTTP).
 * Short timeouts and backoff keep failure tests fast; `env` overrides any setting.
 */
export async function startTestKms(env: Record<string, string> = {}): Promise<TestKms> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-kms-test-'));
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  let server = await startLocalKms({ dataDir, now });
  let isRunning = true;
  for (const name of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BULKHEAD_KMS: 'local',
    BULKHEAD_KMS_ENDPOINT: server.url,
    BULKHEAD_KMS_REQUEST_TIMEOUT_MS: '300',
    BULKHEAD_KMS_RETRY_BASE_DELAY_MS: '5',
    BULKHEAD_KMS_RETRY_MAX_DELAY_MS: '20',
    ...env,
  });
  resetKmsState();
  return {
    get server() {
      return server;
    },
    async stopServer() {
      isRunning = false;
      await server.close();
    },
    async restartServer() {
      server = await startLocalKms({ dataDir, now, port: server.port });
      isRunning = true;
    },
    dataDir,
    advanceClock: (ms) => void (offsetMs += ms),
    readAccessLog: () =>
      fs.existsSync(server.accessLogFile)
        ? fs
            .readFileSync(server.accessLogFile, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [],
    readAllFiles: () => Buffer.concat(listFiles(dataDir).map((file) => fs.readFileSync(file))),
    async stop() {
      resetKmsState();
      if (isRunning) await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bare SDK client for the test server, for protocol-level tests below lib/kms. */
export function createTestKmsClient(url: string, credentials = defaultLocalKmsCredentials): KMSClient {
  return new KMSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** The name of the error a KMS call failed with (the AWS `__type`), or 'no error': tests compare outcomes in one line. */
export async function getKmsErrorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as Error).name;
  }
}
