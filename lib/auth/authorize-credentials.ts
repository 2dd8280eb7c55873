import 'server-only';
import { getClientAddress } from '@/lib/http/forwarded';
import { isLoopbackAddress } from '@/lib/http/public-address';
import { findSignInCredentials } from './find-sign-in-credentials';
import { verifyPassword } from './password';
import { createSession } from './session-store';
import { recordSignIn, recordSignInDenied } from './sign-in-events';
import { clearAccountFailures, getSignInWaitSeconds, recordSignInFailure, type ThrottleKey } from './sign-in-throttle';

export type CredentialsOutcome =
  { ok: true; user: { id: string; email: string; name: string; sessionToken: string } } | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * The password check behind sign-in. Throttled per account (by email, known or not) and per client
 * address before any password work, so a waiting account answers the same whether it exists; an
 * unknown email costs the same hash verification as a known one (verifyPassword's decoy).
 */
export async function authorizeCredentials(input: { email: string; password: string }, headers: Headers): Promise<CredentialsOutcome> {
  // A loopback address is every client of a proxy on this machine that is not declared trusted (and
  // every browser of a local demo): counting it would let one guesser lock everyone out.
  const address = getClientAddress(headers);
  const countsAddress = address !== null && !isLoopbackAddress(address);
  const keys: ThrottleKey[] = [{ kind: 'account', value: input.email }, ...(countsAddress ? [{ kind: 'address' as const, value: address }] : [])];
  if ((await getSignInWaitSeconds(keys)) > 0) return { ok: false, reason: 'throttled' };
  const user = await findSignInCredentials(input.email);
  const isValid = await verifyPassword(user && !user.isDisabled ? user.passwordHash : null, input.password);
  if (!user || !isValid) {
    const [account] = await Promise.all(keys.map(recordSignInFailure));
    await recordSignInDenied({ email: input.email, userId: user?.userId ?? null, count: account });
    return { ok: false, reason: 'invalid' };
  }
  const failedAttemptsBefore = await clearAccountFailures(input.email);
  const sessionToken = await createSession(user.userId);
  await recordSignIn({ email: user.email, userId: user.userId, failedAttemptsBefore });
  return { ok: true, user: { id: user.userId, email: user.email, name: user.name, sessionToken } };
}
