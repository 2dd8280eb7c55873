import type { Metadata } from 'next';
import { TierBadge } from '@/components/tier-badge';
import { ProfileSummary } from '@/components/policy/profile-summary';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { getTenantSummary } from '@/lib/control/get-tenant';

export const metadata: Metadata = { title: 'Overview' };

export default async function TenantOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant: access } = await requireTenantPageAccess(slug, 'tenant.view');
  const tenant = await getTenantSummary(access.id);
  const layers = [
    { label: 'Prompt / context', tier: tenant.promptTier },
    { label: 'Retrieval', tier: tenant.retrievalTier },
    { label: 'Logs', tier: tenant.logsTier },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Profile">
        <ProfileSummary tenant={tenant} />
      </Card>
      <Card title="Isolation by layer">
        <ul className="divide-y divide-slate-100 text-sm" data-testid="layer-tiers">
          {layers.map((layer) => (
            <li key={layer.label} className="flex items-center justify-between py-2">
              <span>{layer.label}</span>
              <TierBadge tier={layer.tier} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
