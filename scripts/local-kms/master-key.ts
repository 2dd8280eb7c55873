import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The master key that seals every key's material on disk. From configuration when given (base64,
 * 32 bytes); otherwise generated once into `<dataDir>/master.key` with owner-only permissions, so
 * a fresh clone works with nothing configured and no key is ever committed.
 */
export function loadMasterKey(dataDir: string, configured?: string): Buffer {
  if (configured) return decodeMasterKey(configured, 'BULKHEAD_KMS_MASTER_KEY');
  const file = path.join(dataDir, 'master.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot overwrite each other's key.
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it.`);
  }
  return decodeMasterKey(fs.readFileSync(file, 'utf8').trim(), file);
}

function decodeMasterKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes, base64-encoded.`);
  return key;
}
