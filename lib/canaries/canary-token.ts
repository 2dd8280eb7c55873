import 'server-only';
import { randomBytes } from 'node:crypto';

/**
 * Canary tokens are random markers planted in each tenant's system prompt. They mean nothing to
 * the model, so seeing one anywhere else is proof of a leak: in another tenant's traffic it is
 * cross-tenant bleed, in the same tenant's output it is a prompt leak.
 *
 * Format: `bhc_` + 26 characters of Crockford base32 (16 random bytes = 128 bits). Crockford's
 * alphabet has no I, L, O or U, so a token survives being read aloud or retyped, and it is
 * case-insensitive: the canonical form has an upper-case body, and matching ignores case.
 */

const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_BYTES = 16;
const BODY_LENGTH = 26;

/** The fixed prefix of every canary token. */
export const CANARY_TOKEN_PREFIX = 'bhc_';

/** Length in characters of every canary token, prefix included. */
export const CANARY_TOKEN_LENGTH = CANARY_TOKEN_PREFIX.length + BODY_LENGTH;

/**
 * Matches one canary token anywhere in a text, in any letter case. Not global (a shared global
 * regex carries `lastIndex` between callers); build `new RegExp(CANARY_TOKEN_PATTERN.source, 'gi')`
 * to find every occurrence.
 */
export const CANARY_TOKEN_PATTERN = /bhc_[0-9A-HJKMNP-TV-Z]{26}/i;

const EXACT_TOKEN_PATTERN = new RegExp(`^${CANARY_TOKEN_PATTERN.source}$`, 'i');

/** Creates a new canary token with 128 bits of entropy, in canonical form. */
export function createCanaryToken(): string {
  return CANARY_TOKEN_PREFIX + encodeCrockfordBase32(randomBytes(TOKEN_BYTES));
}

/** True when `value` is exactly one canary token (any letter case), nothing before or after. */
export function isCanaryToken(value: string): boolean {
  return EXACT_TOKEN_PATTERN.test(value);
}

/** The canonical form of a token (lower-case prefix, upper-case body), so lookups compare equal. */
export function canonicalizeCanaryToken(token: string): string {
  return CANARY_TOKEN_PREFIX + token.slice(CANARY_TOKEN_PREFIX.length).toUpperCase();
}

/** Every canary token in `text`, canonicalized, in order of appearance (duplicates kept). */
export function findCanaryTokens(text: string): string[] {
  const pattern = new RegExp(CANARY_TOKEN_PATTERN.source, 'gi');
  return Array.from(text.matchAll(pattern), (match) => canonicalizeCanaryToken(match[0]));
}

function encodeCrockfordBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bufferedBits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bufferedBits += 8;
    while (bufferedBits >= 5) {
      bufferedBits -= 5;
      output += CROCKFORD_ALPHABET[(buffer >> bufferedBits) & 31];
    }
    buffer &= (1 << bufferedBits) - 1;
  }
  // 128 bits leave 3 over: pad them with zero bits into a last character.
  if (bufferedBits > 0) output += CROCKFORD_ALPHABET[(buffer << (5 - bufferedBits)) & 31];
  return output;
}
