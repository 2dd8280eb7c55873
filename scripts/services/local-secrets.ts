import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets the local stack needs (database role passwords, the session secret, ...).
 * Generated once per data directory and kept in a 0600 file, so a fresh clone works
 * with nothing configured while no secret is ever committed.
 */
export interface LocalSecrets {
  postgresSuperuserPassword: string;
  ownerPassword: string;
  appPassword: string;
  platformPassword: string;
  authSecret: string;
  cacheSaltSecret: string;
  /** Seals the audit checkpoint signing key (lib/audit/checkpoint-signer.ts) until the platform KMS key does. */
  auditKek: string;
}

const secretNames: (keyof LocalSecrets)[] = [
  'postgresSuperuserPassword',
  'ownerPassword',
  'appPassword',
  'platformPassword',
  'authSecret',
  'cacheSaltSecret',
  'auditKek',
];

export function loadLocalSecrets(dir: string): LocalSecrets {
  const file = path.join(dir, 'local-secrets.json');
  // 0711: the OS user `postgres` must traverse it to reach the embedded cluster; listing stays private.
  fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
  fs.chmodSync(dir, 0o711);
  const existing: Partial<LocalSecrets> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of secretNames) {
    if (!existing[name]) {
      existing[name] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) fs.writeFileSync(file, JSON.stringify(existing, null, 2), { mode: 0o600 });
  return existing as LocalSecrets;
}
