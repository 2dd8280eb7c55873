import 'server-only';
import { createSession } from '../session-store';
import { recordSignIn } from '../sign-in-events';
import { provisionSsoUser, type SsoIdentity } from './provision-sso-user';

export type SsoSignIn =
  | { ok: true; user: { id: string; email: string; name: string }; sessionToken: string }
  | { ok: false; invitationRefusal?: 'invitation_invalid' | 'invitation_email_mismatch' };

/**
 * After next-auth has verified the identity provider's answer: provision the account from the claim
 * mapping (accepting the invitation being redeemed, if any), open a server-side session and record
 * the sign-in, or refuse when the claims grant nothing or the invitation cannot be accepted.
 */
export async function completeSsoSignIn(identity: SsoIdentity, invitationToken?: string): Promise<SsoSignIn> {
  const provisioned = await provisionSsoUser(identity, invitationToken);
  if (provisioned.outcome === 'invitation_invalid' || provisioned.outcome === 'invitation_email_mismatch') {
    return { ok: false, invitationRefusal: provisioned.outcome };
  }
  if (provisioned.outcome !== 'ok') return { ok: false };
  const sessionToken = await createSession(provisioned.user.id);
  await recordSignIn({ email: provisioned.user.email, userId: provisioned.user.id, failedAttemptsBefore: 0, method: 'sso' });
  return { ok: true, user: provisioned.user, sessionToken };
}
