import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'No access' };

/** Where single sign-on lands a person whose identity provider claims map to no tenant: said plainly, no empty console. */
export default function NoAccessPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">No access</h1>
        <p className="mt-3 text-sm text-slate-700" data-testid="no-access">
          Your identity provider signed you in, but nothing it says about you (your groups or other claims) gives access to any tenant in Bulkhead, so you are
          not signed in here.
        </p>
        <p className="mt-3 text-sm text-slate-700">
          Ask your Bulkhead platform admin to map one of your groups to a tenant, or to invite you. Then sign in again.
        </p>
        <Link href="/login" className="mt-6 inline-block text-sm text-indigo-700 hover:underline">
          Back to sign in
        </Link>
      </div>
    </main>
  );
}
