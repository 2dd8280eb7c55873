import 'server-only';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { requirePrincipalOrRedirect } from './current-principal';
import type { Permission } from './principal';
import { resolveTenantAccess, type TenantAccess } from './tenant-access';

/** For tenant pages: sign-in redirect when anonymous, 404 when the tenant is not the caller's. */
export async function requireTenantPageAccess(slug: string, permission: Permission): Promise<TenantAccess> {
  const principal = await requirePrincipalOrRedirect();
  try {
    return await resolveTenantAccess(principal, slug, permission);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
