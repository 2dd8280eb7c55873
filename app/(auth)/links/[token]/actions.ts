'use server';

import { z } from 'zod';
import { publicFormAction } from '@/lib/actions/tenant-action';
import { newPasswordSchema } from '@/lib/control/identity/identity-schemas';
import { acceptInvitation, resetPasswordWithLink } from '@/lib/control/identity/redeem-account-link';

// The one-time token is the only authorization of these public actions: its row says what is granted.
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is malformed. Open the link you were sent exactly as it is.');

export const acceptInvitationAction = publicFormAction(
  {
    name: 'member.invitation_accept',
    // Whether the password is an existing account's or a new one's is the server's to decide (acceptInvitation).
    schema: z.object({ token: tokenSchema, name: z.string().max(200).nullable(), password: z.string().min(1, 'Enter a password.').max(1024) }),
    fields: ['token', 'name', 'password'],
  },
  async ({ input }) => acceptInvitation(input.token, { name: input.name ?? '', password: input.password }),
);

export const resetPasswordAction = publicFormAction(
  { name: 'user.password_reset', schema: z.object({ token: tokenSchema, password: newPasswordSchema }), fields: ['token', 'password'] },
  async ({ input }) => resetPasswordWithLink(input.token, input.password),
);
