import 'server-only';
import { createSession } from '../session-store';
import { recordSignIn } from '../sign-in-events';
import { provisionSsoUser, type SsoIdentity } from './provision-sso-user';

export type SsoSignIn = { ok: true; user: { id: string; email: string; name: string }; sessionToken: string } | { ok: false };

/**
 * After next-auth has verified the identity provider's answer: provision the account from the claim
 * mapping, open a server-side session and record the sign-in, or refuse when the claims grant nothing.
 */
export async function completeSsoSignIn(identity: SsoIdentity): Promise<SsoSignIn> {
  const provisioned = await provisionSsoUser(identity);
  if (provisioned.outcome !== 'ok') return { ok: false };
  const sessionToken = await createSession(provisioned.user.id);
  await recordSignIn({ email: provisioned.user.email, userId: provisioned.user.id, failedAttemptsBefore: 0, method: 'sso' });
  return { ok: true, user: provisioned.user, sessionToken };
}
