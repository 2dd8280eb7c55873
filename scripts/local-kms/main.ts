/**
 * The local KMS server as a process: `node --import tsx scripts/local-kms/main.ts`.
 * BULKHEAD_KMS_PORT (default 4599), BULKHEAD_KMS_DATA_DIR (default .data/kms),
 * BULKHEAD_KMS_MASTER_KEY (base64, 32 bytes; default a generated <dataDir>/master.key),
 * BULKHEAD_KMS_ACCESS_KEY_ID / BULKHEAD_KMS_SECRET_ACCESS_KEY (default the fixed local pair).
 */
import path from 'node:path';
import { dataDir } from '../services/paths';
import { startLocalKms } from './start-local-kms';

async function main() {
  const { BULKHEAD_KMS_ACCESS_KEY_ID: accessKeyId, BULKHEAD_KMS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error('Set both BULKHEAD_KMS_ACCESS_KEY_ID and BULKHEAD_KMS_SECRET_ACCESS_KEY, or neither.');
  }
  const kmsDataDir = path.resolve(process.env.BULKHEAD_KMS_DATA_DIR ?? path.join(dataDir, 'kms'));
  const server = await startLocalKms({
    dataDir: kmsDataDir,
    port: Number(process.env.BULKHEAD_KMS_PORT ?? 4599),
    masterKey: process.env.BULKHEAD_KMS_MASTER_KEY || undefined,
    credentials: accessKeyId && secretAccessKey ? [{ accessKeyId, secretAccessKey }] : undefined,
  });
  console.log(`Local KMS listening on ${server.url} (keys and access log in ${path.relative(process.cwd(), kmsDataDir) || '.'})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
