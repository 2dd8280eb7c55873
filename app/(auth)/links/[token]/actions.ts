'use server';

import { z } from 'zod';
import { publicFormAction } from '@/lib/actions/tenant-action';
import { signIn, SSO_PROVIDER_ID } from '@/lib/auth/auth-config';
import { INVALID_LINK_MESSAGE } from '@/lib/auth/account-links/redeem-invitation';
import { rememberInvitationForSso } from '@/lib/auth/sso/sso-invitation-cookie';
import { getSsoConfig, isPasswordSignInEnabled } from '@/lib/auth/sso/sso-settings';
import { newPasswordSchema } from '@/lib/control/identity/identity-schemas';
import { acceptInvitation, getAccountLinkView, resetPasswordWithLink } from '@/lib/control/identity/redeem-account-link';
import { UserFacingError } from '@/lib/errors';

// The one-time token is the only authorization of these public actions: its row says what is granted.
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is malformed. Open the link you were sent exactly as it is.');

const PASSWORD_OFF_MESSAGE = 'Password sign-in is turned off here. Use single sign-on.';

export const acceptInvitationAction = publicFormAction(
  {
    name: 'member.invitation_accept',
    // Whether the password is an existing account's or a new one's is the server's to decide (acceptInvitation).
    schema: z.object({ token: tokenSchema, name: z.string().max(200).nullable(), password: z.string().min(1, 'Enter a password.').max(1024) }),
    fields: ['token', 'name', 'password'],
  },
  async ({ input }) => {
    if (!(await isPasswordSignInEnabled())) throw new UserFacingError(PASSWORD_OFF_MESSAGE, 403);
    return acceptInvitation(input.token, { name: input.name ?? '', password: input.password });
  },
);

/**
 * Accepts the invitation by signing in with single sign-on: remembers the token for the sign-in
 * callback (which accepts it only for the invited, provider-verified email) and hands the browser
 * to the identity provider. Lands in the invited tenant, or the tenant list.
 */
export const acceptInvitationWithSsoAction = publicFormAction(
  { name: 'member.invitation_accept', schema: z.object({ token: tokenSchema }), fields: ['token'] },
  async ({ input }) => {
    if (!(await getSsoConfig())) throw new UserFacingError('Single sign-on is not configured here. Accept with a password.', 409);
    const view = await getAccountLinkView(input.token);
    if (!view || view.kind !== 'invitation') throw new UserFacingError(INVALID_LINK_MESSAGE, 409);
    await rememberInvitationForSso(input.token);
    await signIn(SSO_PROVIDER_ID, { redirectTo: view.tenantSlug ? `/tenants/${view.tenantSlug}` : '/tenants' });
  },
);

export const resetPasswordAction = publicFormAction(
  { name: 'user.password_reset', schema: z.object({ token: tokenSchema, password: newPasswordSchema }), fields: ['token', 'password'] },
  async ({ input }) => {
    if (!(await isPasswordSignInEnabled())) throw new UserFacingError(PASSWORD_OFF_MESSAGE, 403);
    return resetPasswordWithLink(input.token, input.password);
  },
);
