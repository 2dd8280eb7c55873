import type { Metadata } from 'next';
import { TierBadge } from '@/components/tier-badge';
import { ProfileSummary } from '@/components/policy/profile-summary';
import { Card } from '@/components/ui/card';
import { RangePicker } from '@/components/usage/range-picker';
import { LiveTenantTraffic } from '@/components/usage/live-tenant-traffic';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission } from '@/lib/auth/principal';
import { countOpenIncidents } from '@/lib/control/incidents/count-open-incidents';
import { getTenantSummary } from '@/lib/control/get-tenant';
import { findTenantUsage } from '@/lib/control/usage/find-usage-overview';
import { parseUsageRange } from '@/lib/control/usage/usage-range';

export const metadata: Metadata = { title: 'Overview' };

export default async function TenantOverviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ range?: string }> }) {
  const { slug } = await params;
  const range = parseUsageRange((await searchParams).range);
  const { tenant: access, principal, grant } = await requireTenantPageAccess(slug, 'tenant.view');
  const [tenant, usage, openIncidents] = await Promise.all([
    getTenantSummary(access.id),
    findTenantUsage(access.id, range),
    hasTenantPermission(principal, grant, 'tenant.manage') ? countOpenIncidents(access.id) : null,
  ]);
  const layers = [
    { label: 'Prompt / context', tier: tenant.promptTier },
    { label: 'Retrieval', tier: tenant.retrievalTier },
    { label: 'Logs', tier: tenant.logsTier },
  ];
  return (
    <div className="space-y-6">
      <section className="space-y-4" aria-labelledby="traffic-heading">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="traffic-heading" className="text-lg font-semibold text-slate-900">
            Gateway traffic
          </h2>
          <RangePicker current={range} basePath={`/tenants/${slug}`} />
        </header>
        <LiveTenantTraffic key={range} slug={access.slug} range={range} initial={{ ...usage, openIncidents }} />
      </section>
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
    </div>
  );
}
