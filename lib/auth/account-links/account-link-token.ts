import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** How long a one-time link stays usable: long enough to reach an invitee, short for a reset. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A one-time link as the admin sees it, once: the path to send, and when it stops working. */
export interface IssuedLink {
  path: string;
  expiresAt: string;
}

/** A random token for a one-time link and the SHA-256 that is all the database keeps of it. */
export function createAccountLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccountLinkToken(token) };
}

export function hashAccountLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toIssuedLink(token: string, expiresAt: Date): IssuedLink {
  return { path: `/links/${token}`, expiresAt: expiresAt.toISOString() };
}
