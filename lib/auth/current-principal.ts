import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { UnauthenticatedError } from '@/lib/errors';
import { auth } from './auth-config';
import type { Principal } from './principal';
import { getPrincipalForSessionToken } from './session-store';

/** The signed-in principal for this request (memoized per request), or null. */
export const getCurrentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  const token = (session as { sessionToken?: string } | null)?.sessionToken;
  if (!token) return null;
  return getPrincipalForSessionToken(token);
});

/** For pages: send the visitor to sign in when there is no valid session. */
export async function requirePrincipalOrRedirect(): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect('/login');
  return principal;
}

/** For server actions and route handlers: a 401 instead of a redirect. */
export async function requirePrincipal(): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) throw new UnauthenticatedError();
  return principal;
}
