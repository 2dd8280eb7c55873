import type { Metadata } from 'next';
import Link from 'next/link';
import { INVALID_LINK_MESSAGE } from '@/lib/auth/account-links/redeem-invitation';
import { getSsoConfig } from '@/lib/auth/sso/sso-settings';
import { getAccountLinkView } from '@/lib/control/identity/redeem-account-link';
import { AccountLinkForm } from './account-link-form';
import { SsoAcceptButton } from './sso-accept-button';

export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer' };

export const dynamic = 'force-dynamic';

/** Why single sign-on did not accept the invitation (the sign-in callback sends the invitee back here). */
function describeRefusal(refused: string | string[] | undefined, email: string): string | null {
  if (refused === 'invitation_email_mismatch') {
    return `The invitation was not accepted: your identity provider signed you in with another email address than ${email}, or with one it has not verified. Sign in there as ${email}, or ask your admin to invite the address you use there.`;
  }
  return null;
}

/** Where an invitation or password-reset link lands: set a password (or confirm the existing one), or accept with single sign-on. */
export default async function AccountLinkPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ refused?: string | string[] }>;
}) {
  const { token } = await params;
  const { refused } = await searchParams;
  const view = /^[A-Za-z0-9_-]{43}$/.test(token) ? await getAccountLinkView(token) : null;
  const sso = view ? await getSsoConfig() : null;
  const hasPasswordSignIn = sso === null || sso.isPasswordSignInEnabled;
  const offersSso = view?.kind === 'invitation' && sso !== null;
  const refusal = view && describeRefusal(refused, view.email);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Bulkhead</h1>
        {view ? (
          <>
            <p className="mb-6 mt-1 text-sm text-slate-600">
              {view.kind === 'invitation' ? (
                <>
                  You are invited as <strong>{view.grants}</strong>.
                </>
              ) : (
                <>Choose a new password.</>
              )}{' '}
              Account: <span className="break-all font-medium">{view.email}</span>
            </p>
            {refusal && (
              <p role="alert" data-testid="link-refused" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                {refusal}
              </p>
            )}
            {offersSso && <SsoAcceptButton token={token} />}
            {offersSso && hasPasswordSignIn && <p className="my-4 text-center text-xs uppercase tracking-wide text-slate-400">or with a password</p>}
            {hasPasswordSignIn && <AccountLinkForm token={token} kind={view.kind} hasPassword={view.hasPassword} />}
            {!hasPasswordSignIn && view.kind === 'password_reset' && (
              <p data-testid="password-off" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                Password sign-in is turned off here: sign in with single sign-on instead.
              </p>
            )}
          </>
        ) : (
          <>
            <p role="alert" data-testid="link-invalid" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {INVALID_LINK_MESSAGE}
            </p>
            <Link href="/login" className="mt-4 inline-block text-sm text-indigo-700 hover:underline">
              Go to sign in
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
