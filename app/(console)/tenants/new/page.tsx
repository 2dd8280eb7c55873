import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { NewTenantForm } from './new-tenant-form';

export const metadata: Metadata = { title: 'New tenant' };

export default async function NewTenantPage() {
  const principal = await requirePrincipalOrRedirect();
  // Only platform admins create tenants; to anyone else the page does not exist.
  if (!isPlatformAdmin(principal)) notFound();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">New tenant</h1>
        <p className="text-sm text-slate-600">
          Classify the tenant. Its required tiers, and what it changes for the other tenants and the platform floor, update as you type; it starts at its
          minimum on every layer.
        </p>
      </header>
      <NewTenantForm />
    </div>
  );
}
