import 'server-only';
import { randomFillSync } from 'node:crypto';

const NONCE_BYTES = 12;
const NONCES_PER_FILL = 4096;

// Each randomBytes(12) is a getrandom system call, which costs tens of microseconds on the virtual
// machines this runs on; one fill serves 4,096 nonces (as Node does for randomUUID). Every nonce is
// fresh CSPRNG output handed out once: the cursor only moves forward, and the pool is refilled in
// place only after its last nonce was copied out.
const pool = Buffer.alloc(NONCE_BYTES * NONCES_PER_FILL);
let next = pool.length;

/** A fresh random 96-bit AES-GCM nonce, its own copy (the caller may keep or zero it). */
export function takeNonce(): Buffer {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const nonce = Buffer.allocUnsafe(NONCE_BYTES);
  pool.copy(nonce, 0, next, next + NONCE_BYTES);
  next += NONCE_BYTES;
  return nonce;
}
