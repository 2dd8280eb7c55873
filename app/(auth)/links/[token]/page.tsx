import type { Metadata } from 'next';
import Link from 'next/link';
import { getAccountLinkView, INVALID_LINK_MESSAGE } from '@/lib/control/identity/redeem-account-link';
import { AccountLinkForm } from './account-link-form';

export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer' };

export const dynamic = 'force-dynamic';

/** Where an invitation or password-reset link lands: set a password (or confirm the existing one) and go sign in. */
export default async function AccountLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = /^[A-Za-z0-9_-]{43}$/.test(token) ? await getAccountLinkView(token) : null;
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
            <AccountLinkForm token={token} kind={view.kind} hasPassword={view.hasPassword} />
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
