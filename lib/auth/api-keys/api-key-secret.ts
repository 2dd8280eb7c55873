import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** Every Bulkhead API key starts with this, so secret scanners and people can recognise one. */
export const API_KEY_PREFIX = 'bhk_';
const SECRET_PATTERN = /^bhk_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret shown in the console: the marker plus 8 random characters. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 8;

/**
 * A new key: `bhk_` + 32 random bytes (256 bits, base64url). Only `hash` is stored. SHA-256 is
 * enough: a slow hash protects guessable secrets, and nobody can guess 256 random bits; it also has
 * to be indexable, since the key is looked up by its hash before the tenant is known.
 */
export function createApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { secret, prefix: secret.slice(0, SHOWN_CHARS), hash: hashApiKeySecret(secret) };
}

/** Lower-case hex SHA-256 of the secret, as stored in api_keys.secret_hash. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True for a well-formed key, so malformed bearer tokens are refused without a database lookup. */
export function isApiKeySecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

/** The key from `Authorization: Bearer <key>`, or null. */
export function readBearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
