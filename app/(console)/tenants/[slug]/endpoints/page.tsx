import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findEndpoints } from '@/lib/enforcement/endpoints/manage-endpoints';
import { DedicatedEndpoints } from './dedicated-endpoints';

/** The tenant's dedicated model endpoint (used only when its prompt tier is dedicated). */
export default async function TenantEndpointsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'tenant.manage');
  return <DedicatedEndpoints tenantSlug={tenant.slug} endpoints={await findEndpoints({ scope: 'dedicated', tenantId: tenant.id })} />;
}
