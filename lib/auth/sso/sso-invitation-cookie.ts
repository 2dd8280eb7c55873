import 'server-only';
import { cookies, headers } from 'next/headers';

/**
 * Carries the invitation being accepted across the round trip to the identity provider: set by the
 * link page's "Continue with SSO", read and cleared by the sign-in callback. The token itself stays
 * the authorization (its row is checked again, locked, when it is spent); the cookie only says which
 * invitation this browser's sign-in is for, and only for a few minutes.
 */
const COOKIE_NAME = 'bulkhead-sso-invitation';
const LIFETIME_SECONDS = 10 * 60;

export async function rememberInvitationForSso(token: string): Promise<void> {
  // The provider's redirect back is a top-level GET navigation: SameSite=Lax sends the cookie with it.
  const isHttps = (await headers()).get('origin')?.startsWith('https:') ?? false;
  (await cookies()).set(COOKIE_NAME, token, { httpOnly: true, sameSite: 'lax', secure: isHttps, path: '/api/auth', maxAge: LIFETIME_SECONDS });
}

/** The invitation token this sign-in is for, if any; cleared so a later sign-in is an ordinary one. */
export async function takeInvitationForSso(): Promise<string | undefined> {
  const jar = await cookies();
  const token = jar.get(COOKIE_NAME)?.value;
  if (token === undefined) return undefined;
  jar.delete({ name: COOKIE_NAME, path: '/api/auth' });
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}
