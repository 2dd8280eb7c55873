'use server';

import { inputlessFormAction } from '@/lib/actions/tenant-action';
import { signOut } from '@/lib/auth/auth-config';

/** Revokes the server-side session (next-auth's signOut event) and clears the cookie. */
export const signOutAction = inputlessFormAction({ name: 'auth.sign_out' }, async () => {
  await signOut({ redirectTo: '/login' });
});
