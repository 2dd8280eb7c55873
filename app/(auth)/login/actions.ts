'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { publicFormAction } from '@/lib/actions/tenant-action';
import { SignInThrottled, signIn } from '@/lib/auth/auth-config';
import { UserFacingError } from '@/lib/errors';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

export const signInWithPassword = publicFormAction({ name: 'auth.sign_in', schema: signInSchema, fields: ['email', 'password'] }, async ({ input }) => {
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
