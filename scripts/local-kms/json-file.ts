import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** Writes JSON through a temporary file and a rename, so a crash never leaves half a key record. */
export function writeJsonFile(file: string, value: unknown) {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

export function readJsonFile<T>(file: string, fallback: T): T {
  if (!fs.existsSync(file)) return fallback;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
