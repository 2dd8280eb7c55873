import 'server-only';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { logEvent } from '@/lib/log/logger';
import { authorizeCredentials } from './authorize-credentials';
import { revokeSession, sessionLifetimeMs } from './session-store';
import { recordSignOut } from './sign-in-events';
import { completeSsoSignIn } from './sso/complete-sso-sign-in';
import { getSsoConfig, type SsoConfig } from './sso/sso-settings';
import { takeInvitationForSso } from './sso/sso-invitation-cookie';

/** Refused before the password is checked: the account or the client address is waiting out its failures. */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled';
}

/** The provider id of single sign-on: part of the callback URL registered at the identity provider. */
export const SSO_PROVIDER_ID = 'oidc';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

const credentialsProvider = Credentials({
  credentials: { email: {}, password: {} },
  async authorize(raw, request) {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) throw new CredentialsSignin();
    const outcome = await authorizeCredentials(parsed.data, request.headers);
    if (outcome.ok) return outcome.user;
    throw outcome.reason === 'throttled' ? new SignInThrottled() : new CredentialsSignin();
  },
});

/**
 * next-auth's generic OpenID Connect provider: discovery from the issuer, authorization code with
 * PKCE, and state and nonce checked by the library. The ID token's claims are the profile.
 */
function createSsoProvider(config: SsoConfig) {
  return {
    id: SSO_PROVIDER_ID,
    name: 'Single sign-on',
    type: 'oidc' as const,
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ['pkce', 'state', 'nonce'] as ('pkce' | 'state' | 'nonce')[],
    authorization: { params: { scope: 'openid email profile' } },
    profile(profile: Record<string, unknown>) {
      return {
        id: String(profile.sub),
        email: typeof profile.email === 'string' ? profile.email : null,
        name: typeof profile.name === 'string' ? profile.name : null,
      };
    },
  };
}

/**
 * next-auth with JWT sessions; the JWT (encrypted by next-auth) carries only a random server-side
 * session token, which lib/auth/current-principal checks on every request (sign-out, removal and
 * deactivation take effect at once). Built per request, so single sign-on set in the console
 * applies without a restart; password sign-in is left out when an admin turned it off.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const sso = await getSsoConfig();
  return {
    trustHost: true,
    session: { strategy: 'jwt', maxAge: sessionLifetimeMs / 1000 },
    // Refused sign-ins (a wrong password, a failed SSO check) come back to the sign-in page with an error code.
    pages: { signIn: '/login', error: '/login' },
    // A wrong password is an expected outcome (recorded as a denied sign-in), not a server error.
    logger: {
      error(error) {
        if ((error as { type?: string }).type === 'CredentialsSignin') return;
        // next-auth wraps what failed (a provider's refusal, a failed check) as the error's cause.
        const cause = (error as { cause?: { err?: unknown } }).cause?.err;
        logEvent('error', 'next-auth error', { error, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) });
      },
    },
    providers: [...(sso === null || sso.isPasswordSignInEnabled ? [credentialsProvider] : []), ...(sso ? [createSsoProvider(sso)] : [])],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        if (!sso || !profile) return false;
        const invitationToken = await takeInvitationForSso();
        const outcome = await completeSsoSignIn({ issuer: sso.issuer, claims: profile as Record<string, unknown> }, invitationToken);
        // A refused invitation goes back to its link page, which says why (or that the link is no longer valid).
        if (!outcome.ok && outcome.invitationRefusal && invitationToken) return `/links/${invitationToken}?refused=${outcome.invitationRefusal}`;
        if (!outcome.ok) return '/no-access';
        // Read by the jwt callback below, exactly as a password sign-in's session token is.
        Object.assign(user, { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, sessionToken: outcome.sessionToken });
        return true;
      },
      jwt({ token, user }) {
        if (user && 'sessionToken' in user) token.sessionToken = user.sessionToken;
        return token;
      },
      session({ session, token }) {
        return { ...session, sessionToken: token.sessionToken as string | undefined };
      },
    },
    events: {
      async signOut(message) {
        const token = 'token' in message ? (message.token?.sessionToken as string | undefined) : undefined;
        if (!token) return;
        await revokeSession(token);
        await recordSignOut(token);
      },
    },
  };
});
