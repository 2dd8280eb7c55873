import { z } from 'zod';

/** Field rules shared by the invite forms and their server actions. */
export const inviteEmailSchema = z.string().trim().toLowerCase().email('Enter a valid email address.').max(320);

/** The only roles a tenant grants: a platform role is never a tenant admin's to give. */
export const tenantRoleSchema = z.enum(['admin', 'member'], { message: 'Choose member or tenant admin.' });

/** Passwords set through a one-time link: long enough to resist guessing, short enough to hash cheaply. */
export const newPasswordSchema = z.string().min(12, 'Use at least 12 characters.').max(1024);

export const personNameSchema = z.string().trim().min(1, 'Enter your name.').max(200);
