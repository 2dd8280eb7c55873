import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's minimum parameters (19 MiB, 2 passes): ~30 ms here, fine for sign-in.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** A hash of a random string: verified against when the email is unknown, so timing does not tell. */
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword(crypto.randomUUID());
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
