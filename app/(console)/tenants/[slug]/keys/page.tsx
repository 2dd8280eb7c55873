import type { Metadata } from 'next';
import { ApiKeysPanel } from '@/components/keys/api-keys-panel';
import { KmsKeyPanel } from '@/components/keys/kms-key-panel';
import { PlacementKeysPanel } from '@/components/keys/placement-keys-panel';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { getTenantSummary } from '@/lib/control/get-tenant';
import { toLayerTiers } from '@/lib/control/policy-snapshot';
import { findApiKeys } from '@/lib/auth/api-keys/manage-api-keys';
import { getLatestRewrapJob } from '@/lib/control/keys/rewrap-job';
import { getTenantKeyStatus } from '@/lib/kms';
import { findPlacementKeyStatus } from '@/lib/placement/find-placement-key-status';
import { createTenantKeyAction, enableKeyRotationAction, offboardTenantAction, resumeRewrapJobAction, rotateTenantKeyAction } from './actions';
import { createApiKeyAction, revokeApiKeyAction } from './api-key-actions';

export const metadata: Metadata = { title: 'Keys' };

const keyActions = {
  createKey: createTenantKeyAction,
  rotate: rotateTenantKeyAction,
  resumeJob: resumeRewrapJobAction,
  enableRotation: enableKeyRotationAction,
  offboard: offboardTenantAction,
};

/** The tenant's keys, one panel each: its KMS key (lifecycle, crypto-shredding), its placement keys, its API keys. */
export default async function TenantKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'keys.manage');
  const tiers = toLayerTiers(await getTenantSummary(access.tenant.id));
  const [keyStatus, latestJob, placementKeys, apiKeys] = await Promise.all([
    getTenantKeyStatus(access.tenant.id, tiers),
    getLatestRewrapJob(access.tenant.id),
    findPlacementKeyStatus(access.tenant.id),
    findApiKeys(access.tenant.id),
  ]);
  return (
    <div className="space-y-6">
      <KmsKeyPanel tenant={access.tenant} status={keyStatus} latestJob={latestJob} canOffboard={isPlatformAdmin(access.principal)} actions={keyActions} />
      <PlacementKeysPanel keys={placementKeys} />
      <ApiKeysPanel tenantSlug={access.tenant.slug} keys={apiKeys} actions={{ create: createApiKeyAction, revoke: revokeApiKeyAction }} />
    </div>
  );
}
