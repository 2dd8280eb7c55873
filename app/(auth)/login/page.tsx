import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await getCurrentPrincipal()) redirect('/tenants');
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Bulkhead</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to the tenant isolation console.</p>
        <LoginForm />
      </div>
    </main>
  );
}
