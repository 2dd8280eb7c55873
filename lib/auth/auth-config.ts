import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { logEvent } from '@/lib/log/logger';
import { authorizeCredentials } from './authorize-credentials';
import { revokeSession, sessionLifetimeMs } from './session-store';
import { recordSignOut } from './sign-in-events';

/** Refused before the password is checked: the account or the client address is waiting out its failures. */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled';
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/**
 * next-auth with credentials and JWT sessions. The JWT (encrypted by next-auth) carries only a
 * random server-side session token; lib/auth/current-principal checks that row on every request,
 * which is what makes sign-out and user removal immediate.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: sessionLifetimeMs / 1000 },
  pages: { signIn: '/login' },
  // A wrong password is an expected outcome (recorded as a denied sign-in), not a server error.
  logger: {
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      logEvent('error', 'next-auth error', { error });
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const outcome = await authorizeCredentials(parsed.data, request.headers);
        if (outcome.ok) return outcome.user;
        throw outcome.reason === 'throttled' ? new SignInThrottled() : new CredentialsSignin();
      },
    }),
  ],
  callbacks: {
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
});
