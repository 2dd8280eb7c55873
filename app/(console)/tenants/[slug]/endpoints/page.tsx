import type { Metadata } from 'next';
import { GatewaySettingsForm } from '@/components/gateway/gateway-settings-form';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findEndpoints } from '@/lib/control/endpoints/manage-endpoints';
import { findGatewaySettings } from '@/lib/control/gateway-settings';
import { updateGatewaySettingsAction } from './actions';
import { DedicatedEndpoints } from './dedicated-endpoints';

export const metadata: Metadata = { title: 'Model endpoints' };

/** The tenant's gateway: its policy (rate limit, screening, payload logging) and its dedicated model endpoint. */
export default async function TenantEndpointsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'tenant.manage');
  const [settings, endpoints] = await Promise.all([findGatewaySettings(tenant.id), findEndpoints({ scope: 'dedicated', tenantId: tenant.id })]);
  return (
    <div className="space-y-6">
      <GatewaySettingsForm initial={settings} save={updateGatewaySettingsAction.bind(null, tenant.slug)} />
      <DedicatedEndpoints tenantSlug={tenant.slug} endpoints={endpoints} />
    </div>
  );
}
