import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { getSsoConfig } from '@/lib/auth/sso/sso-settings';
import { LoginForm } from './login-form';
import { SsoButton } from './sso-button';

export const metadata: Metadata = { title: 'Sign in' };

export const dynamic = 'force-dynamic';

/** What a refused single sign-on says (next-auth's error codes); never the provider's own text. */
function describeSignInError(code: string | undefined): string | null {
  if (!code || code === 'CredentialsSignin') return null;
  if (code === 'AccessDenied') return 'Single sign-on did not give you access here.';
  return 'Single sign-on failed: the identity provider’s answer could not be verified. Try again; if it keeps failing, tell your platform admin.';
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await getCurrentPrincipal()) redirect('/tenants');
  const sso = await getSsoConfig();
  const { error } = await searchParams;
  const ssoError = describeSignInError(typeof error === 'string' ? error : undefined);
  const hasPassword = sso === null || sso.isPasswordSignInEnabled;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Bulkhead</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to the tenant isolation console.</p>
        {ssoError && (
          <p role="alert" data-testid="sso-error" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {ssoError}
          </p>
        )}
        {sso && <SsoButton />}
        {sso && hasPassword && <p className="my-4 text-center text-xs uppercase tracking-wide text-slate-400">or with a password</p>}
        {hasPassword && <LoginForm />}
      </div>
    </main>
  );
}
