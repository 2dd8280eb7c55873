'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { inputlessFormAction, publicFormAction } from '@/lib/actions/tenant-action';
import { SignInThrottled, signIn, SSO_PROVIDER_ID } from '@/lib/auth/auth-config';
import { isPasswordSignInEnabled } from '@/lib/auth/sso/sso-settings';
import { UserFacingError } from '@/lib/errors';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

export const signInWithPassword = publicFormAction({ name: 'auth.sign_in', schema: signInSchema, fields: ['email', 'password'] }, async ({ input }) => {
  if (!(await isPasswordSignInEnabled())) throw new UserFacingError('Password sign-in is turned off here. Sign in with single sign-on.', 403);
  try {
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: '/tenants' });
  } catch (error) {
    // Waiting is told as such, for known and unknown emails alike (the count is per email either way).
    if (error instanceof SignInThrottled || (error as { code?: unknown }).code === 'throttled') {
      throw new UserFacingError('Too many failed sign-ins. Wait a few minutes and try again.', 429);
    }
    // One message for unknown email and wrong password alike: no hint which it was.
    if (error instanceof AuthError) throw new UserFacingError('Email or password is incorrect.', 401);
    throw error;
  }
});

/** Hands the browser to the identity provider (a redirect); the provider's answer comes back to next-auth's callback route. */
export const ssoSignInAction = inputlessFormAction({ name: 'auth.sign_in' }, async () => {
  await signIn(SSO_PROVIDER_ID, { redirectTo: '/tenants' });
});
