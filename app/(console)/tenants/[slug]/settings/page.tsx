import type { Metadata } from 'next';
import { LivePlacementStatus } from '@/components/placement/live-placement-status';
import { isMissingDedicatedEndpoint, MissingEndpointWarning } from '@/components/endpoints/missing-endpoint-warning';
import { ComplianceBadge } from '@/components/policy/compliance-badge';
import { LayerRequirement } from '@/components/policy/layer-requirement';
import { ProfileSummary } from '@/components/policy/profile-summary';
import { RulesExplained } from '@/components/policy/rules-explained';
import { RiskAcceptanceTable } from '@/components/policy/risk-acceptance-table';
import { TierBadge } from '@/components/tier-badge';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission, isPlatformAdmin } from '@/lib/auth/principal';
import { findEndpoints } from '@/lib/control/endpoints/manage-endpoints';
import { getTenantPolicyView } from '@/lib/control/get-tenant-policy-view';
import { toTenantProfile } from '@/lib/control/policy-snapshot';
import { findPlacementStatus } from '@/lib/placement/find-placement-status';
import { findServerChoices } from '@/lib/control/database-servers/find-database-servers';
import { findLayerServers } from '@/lib/control/database-servers/layer-servers';
import { LAYERS, LAYER_LABELS, type LayerTiers } from '@/lib/policy';
import { ProfileForm } from './profile-form';
import { TierForm } from './tier-form';

export const metadata: Metadata = { title: 'Classification and tiers' };

/** Classification and isolation tiers: everyone with access reads them; only platform admins change them. */
export default async function TenantSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'tenant.view');
  const now = new Date();
  const [view, placements, endpoints] = await Promise.all([
    getTenantPolicyView(access, { now }),
    findPlacementStatus(access.tenant.id),
    findEndpoints({ scope: 'dedicated', tenantId: access.tenant.id }),
  ]);
  const canManage = isPlatformAdmin(access.principal);
  const servers = canManage
    ? { current: await findLayerServers(access.principal, access.tenant.id), choices: await findServerChoices(access.principal) }
    : null;
  const { tenant } = view;
  const minimums = Object.fromEntries(LAYERS.map((layer) => [layer, view.layers[layer].minimum])) as LayerTiers;
  const { id: _id, name: _name, ...facts } = toTenantProfile(tenant);
  const isRiskAccepted = LAYERS.some((layer) => view.layers[layer].compliance.status === 'risk_accepted');

  return (
    <div className="space-y-6">
      {isMissingDedicatedEndpoint(view.tiers.prompt, endpoints) && (
        <MissingEndpointWarning slug={tenant.slug} canManage={hasTenantPermission(access.principal, access.grant, 'tenant.manage')} />
      )}
      <p className="flex flex-wrap items-center gap-3 text-sm" data-testid="tenant-compliance">
        <ComplianceBadge isCompliant={view.isCompliant} isRiskAccepted={isRiskAccepted} />
        {!view.isCompliant
          ? 'At least one layer runs below its minimum without an unexpired risk acceptance.'
          : isRiskAccepted
            ? 'At least one layer runs below its minimum, covered by an unexpired risk acceptance (see below).'
            : 'Every layer meets its minimum.'}
      </p>

      <Card title="Classification">
        {canManage ? (
          <ProfileForm
            slug={tenant.slug}
            tenantId={tenant.id}
            updatedAt={tenant.updatedAt.toISOString()}
            initial={{ name: tenant.name, notes: tenant.notes, ...facts }}
          />
        ) : (
          <>
            <ProfileSummary tenant={tenant} />
            <p className="mt-3 text-xs text-slate-500">Only platform admins change a tenant&apos;s classification.</p>
          </>
        )}
      </Card>

      <Card title="Isolation tiers">
        <div className="divide-y divide-slate-100">
          {LAYERS.map((layer) => (
            <LayerRequirement key={layer} layer={layer} view={view.layers[layer]} showConsequences={!canManage} />
          ))}
        </div>
        <RulesExplained layers={view.layers} />
        {canManage ? (
          <div className="mt-6 border-t border-slate-200 pt-4">
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Change tiers</h3>
            <TierForm
              slug={tenant.slug}
              currentServers={servers!.current}
              serverChoices={servers!.choices}
              hasDedicatedEndpoint={endpoints.some((endpoint) => endpoint.enabled)}
              current={view.tiers}
              minimums={minimums}
              updatedAt={tenant.updatedAt.toISOString()}
            />
          </div>
        ) : (
          <p className="mt-3 text-xs text-slate-500">Only platform admins change isolation tiers.</p>
        )}
      </Card>

      <Card title="Where the data lives">
        <LivePlacementStatus slug={tenant.slug} initial={placements} recorded={view.tiers} recordedServers={servers?.current} />
      </Card>

      {view.floor && (
        <Card title="Platform floor">
          <ul className="space-y-2 text-sm">
            {LAYERS.map((layer) => (
              <li key={layer}>
                <span className="font-medium">{LAYER_LABELS[layer]}</span> <TierBadge tier={view.floor![layer].tier} />{' '}
                <span className="text-slate-600">{view.floor![layer].reason}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title="Risk acceptances">
        <RiskAcceptanceTable rows={view.acceptances} now={now} testId="tenant-risk-acceptances" empty="No risk has been accepted for this tenant." />
      </Card>
    </div>
  );
}
