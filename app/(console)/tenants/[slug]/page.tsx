import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { getTenantSummary } from '@/lib/control/get-tenant';
import { DATA_CLASS_LABELS, REGIME_LABELS, TENANT_KIND_LABELS, type DataClass, type Regime } from '@/lib/policy';

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
        <dl className="grid grid-cols-3 gap-y-2 text-sm">
          <dt className="text-slate-500">Kind</dt>
          <dd className="col-span-2">{TENANT_KIND_LABELS[tenant.kind]}</dd>
          <dt className="text-slate-500">Data classes</dt>
          <dd className="col-span-2 flex flex-wrap gap-1">
            {tenant.dataClasses.length ? tenant.dataClasses.map((c) => <Badge key={c}>{DATA_CLASS_LABELS[c as DataClass] ?? c}</Badge>) : <Badge>none</Badge>}
          </dd>
          <dt className="text-slate-500">Regimes</dt>
          <dd className="col-span-2 flex flex-wrap gap-1">
            {tenant.regimes.length ? tenant.regimes.map((r) => <Badge key={r} tone="warn">{REGIME_LABELS[r as Regime] ?? r}</Badge>) : <Badge>none</Badge>}
          </dd>
          <dt className="text-slate-500">Adversarial threat</dt>
          <dd className="col-span-2">{tenant.adversarial ? 'Yes' : 'No'}</dd>
          <dt className="text-slate-500">Slug</dt>
          <dd className="col-span-2 font-mono">{tenant.slug}</dd>
        </dl>
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
