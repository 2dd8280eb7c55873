'use server';

import { signOut } from '@/lib/auth/auth-config';

/** Revokes the server-side session (next-auth's signOut event) and clears the cookie. */
export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}
