import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ComplianceBadge } from '@/components/policy/compliance-badge';
import { RiskAcceptanceTable } from '@/components/policy/risk-acceptance-table';
import { RuleTable } from '@/components/policy/rule-table';
import { ShortfallTable } from '@/components/policy/shortfall-table';
import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { getPlatformOverview } from '@/lib/control/get-platform-overview';
import { LAYERS, LAYER_LABELS } from '@/lib/policy';

export const metadata: Metadata = { title: 'Platform' };

/** The platform's isolation posture: floor, claimable assurance, shortfalls, risk acceptances, and the rules. */
export default async function PlatformPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const now = new Date();
  const overview = await getPlatformOverview(principal, { now });
  const { assessment, slugs, compliance } = overview;
  const nonCompliant = assessment.requirements.filter(({ tenant }) => !compliance[tenant.id].isCompliant);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Platform</h1>
        <p className="text-sm text-slate-600">
          The floor is set by the tenants under a data-isolation requirement; the platform can claim only the weakest tier any tenant runs at.
        </p>
        <Link href="/platform/attestation" className="mt-2 inline-block text-sm text-indigo-700 hover:underline">
          Platform isolation attestation
        </Link>{' '}
        <Link href="/platform/traffic" className="mt-2 ml-4 inline-block text-sm text-indigo-700 hover:underline">
          Platform traffic
        </Link>{' '}
        <Link href="/platform/sso" className="mt-2 ml-4 inline-block text-sm text-indigo-700 hover:underline">
          Single sign-on
        </Link>
      </header>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Floor">
          <ul className="space-y-3 text-sm" data-testid="platform-floor">
            {LAYERS.map((layer) => (
              <li key={layer} data-testid={`floor-${layer}`} data-tier={assessment.floor[layer].tier}>
                <span className="font-medium">{LAYER_LABELS[layer]}</span> <TierBadge tier={assessment.floor[layer].tier} />
                <span className="block text-slate-600">{assessment.floor[layer].reason}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Claimable assurance">
          <ul className="space-y-3 text-sm" data-testid="platform-assurance">
            {LAYERS.map((layer) => {
              const assurance = assessment.assurance[layer];
              return (
                <li key={layer} data-testid={`assurance-${layer}`} data-tier={assurance.tier ?? 'none'}>
                  <span className="font-medium">{LAYER_LABELS[layer]}</span> {assurance.tier ? <TierBadge tier={assurance.tier} /> : <Badge>no tenants</Badge>}{' '}
                  <Badge tone={assurance.isFloorMet ? 'good' : 'bad'}>{assurance.isFloorMet ? 'floor met' : 'below the floor'}</Badge>
                  {assurance.limitedBy.length > 0 && (
                    <span className="block text-slate-600">Limited by {assurance.limitedBy.map(({ name }) => name).join(', ')}.</span>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      </div>

      <Card title="Non-compliant tenants">
        {nonCompliant.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="non-compliant-tenants">
            Every tenant meets its minimums or runs under an unexpired risk acceptance.
          </p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="non-compliant-tenants">
            {nonCompliant.map(({ tenant }) => (
              <li key={tenant.id} className="flex items-center gap-2">
                <ComplianceBadge isCompliant={false} />
                <Link className="text-indigo-700 hover:underline" href={`/tenants/${slugs[tenant.id]}/settings`}>
                  {tenant.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Tenants below their own minimum">
        <ShortfallTable
          shortfalls={assessment.belowMinimum}
          slugs={slugs}
          compliance={compliance}
          testId="below-minimum"
          empty="No tenant runs below its own minimum."
        />
      </Card>
      <Card title="Tenants below the platform floor">
        <ShortfallTable shortfalls={assessment.belowFloor} slugs={slugs} testId="below-floor" empty="Every tenant reaches the floor on every layer." />
      </Card>

      <Card title="Open risk acceptances">
        <RiskAcceptanceTable rows={overview.openAcceptances} now={now} testId="open-acceptances" empty="No open risk acceptances." />
      </Card>
      <Card title="Expired risk acceptances">
        <RiskAcceptanceTable
          rows={overview.expiredAcceptances}
          now={now}
          testId="expired-acceptances"
          empty="No acceptance has lapsed without being renewed or closed."
        />
      </Card>

      <Card title="Rules">
        <RuleTable rules={overview.rules} />
      </Card>
    </div>
  );
}
