import 'server-only';
import { getIdentityClient } from '@/lib/tenancy/identity';

/** What the password check needs about one account. */
export interface SignInCredentials {
  userId: string;
  email: string;
  name: string;
  passwordHash: string;
  isDisabled: boolean;
}

/**
 * The account behind an email, with its password hash, or null. The app role cannot read the
 * password_hash column: only this SECURITY DEFINER function returns it, for one email at a time, so
 * a query gone wrong (or an injected one) cannot read every user's hash.
 */
export async function findSignInCredentials(email: string): Promise<SignInCredentials | null> {
  const [row] = await getIdentityClient().$queryRaw<{ user_id: string; email: string; name: string; password_hash: string; is_disabled: boolean }[]>`
    SELECT user_id::text, email, name, password_hash, is_disabled FROM bulkhead_sign_in_credentials(${email})`;
  return row ? { userId: row.user_id, email: row.email, name: row.name, passwordHash: row.password_hash, isDisabled: row.is_disabled } : null;
}
