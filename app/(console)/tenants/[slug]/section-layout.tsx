import type { ReactNode } from 'react';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import type { Permission } from '@/lib/auth/principal';

/**
 * The layout of a tenant section: it checks the section's permission before anything is sent. A
 * section's loading.tsx sits below its layout, so the streamed skeleton (which commits the status
 * 200) only starts once this check has passed; a page's own check inside that boundary could only
 * render the not-found page under a 200. Pages keep their own check as well (it is cached per request).
 */
export function createSectionLayout(permission: Permission) {
  return async function TenantSectionLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
    await requireTenantPageAccess((await params).slug, permission);
    return children;
  };
}
