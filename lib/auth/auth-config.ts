import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { logEvent } from '@/lib/log/logger';
import { getIdentityClient } from '@/lib/tenancy/identity';
import { verifyPassword } from './password';
import { createSession, revokeSession, sessionLifetimeMs } from './session-store';
import { recordSignIn, recordSignOut } from './sign-in-events';

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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const user = await getIdentityClient().user.findUnique({ where: { email: parsed.data.email } });
        const isValid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, parsed.data.password);
        if (!user || !isValid) {
          await recordSignIn({ email: parsed.data.email, userId: user?.id ?? null, outcome: 'denied' });
          throw new CredentialsSignin();
        }
        const sessionToken = await createSession(user.id);
        await recordSignIn({ email: user.email, userId: user.id, outcome: 'success' });
        return { id: user.id, email: user.email, name: user.name, sessionToken };
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
