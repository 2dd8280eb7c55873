import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultLocalKmsCredentials } from '@/lib/kms/config';
import { openAccessLog } from './access-log';
import { FaultInjector, type LocalKmsFaultKind, type LocalKmsFaultOptions } from './faults';
import { KeyStore } from './key-store';
import { loadMasterKey } from './master-key';
import { createRouter } from './router';
import type { KmsCredentials } from './sigv4';

export interface LocalKmsOptions {
  /** Directory for keys, aliases, the generated master key and the access log. */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Base64 of 32 bytes; when absent, `<dataDir>/master.key` is used (generated once, mode 0600). */
  masterKey?: string;
  /** Access keys whose SigV4 signatures are accepted; default the fixed local pair. */
  credentials?: KmsCredentials[];
  /** Clock for key lifecycle (deletion dates, rotation periods); tests move it forward. */
  now?: () => number;
}

export interface LocalKms {
  url: string;
  port: number;
  accessLogFile: string;
  /** Makes requests fail or stall (tests only): see faults.ts. */
  setFault(kind: LocalKmsFaultKind, options?: LocalKmsFaultOptions): void;
  clearFault(): void;
  close(): Promise<void>;
}

/**
 * Starts the local KMS-compatible server on 127.0.0.1: the embedded default behind lib/kms for
 * the console, the dev launcher and the tests. Speaks the AWS KMS JSON 1.1 protocol.
 */
export async function startLocalKms(options: LocalKmsOptions): Promise<LocalKms> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const now = options.now ?? Date.now;
  const faults = new FaultInjector();
  const accessLog = openAccessLog(options.dataDir);
  const store = new KeyStore(options.dataDir, loadMasterKey(options.dataDir, options.masterKey), now);
  const server = http.createServer(createRouter({ store, credentials: options.credentials ?? [defaultLocalKmsCredentials], accessLog, faults, now }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accessLogFile: accessLog.file,
    setFault: (kind, faultOptions) => faults.set(kind, faultOptions),
    clearFault: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
