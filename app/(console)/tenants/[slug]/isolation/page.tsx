import { AttestationCard } from '@/components/conformance/attestation-card';
import { IsolationEvidence } from '@/components/conformance/isolation-evidence';
import { getCheckpointPublicKey } from '@/lib/audit/checkpoint-signer';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission } from '@/lib/auth/principal';
import { findRuns, getLatestFinishedRun } from '@/lib/conformance/run-store';
import { startConformanceRunAction } from './actions';

export const dynamic = 'force-dynamic';

/** The tenant's isolation evidence: platform admins, its compliance officers (who may run) and its admins (read-only). */
export default async function IsolationEvidencePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'isolation.read');
  const [runs, latest, publicKey] = await Promise.all([findRuns(access.tenant.id), getLatestFinishedRun(access.tenant.id), getCheckpointPublicKey()]);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">Isolation evidence</h2>
        <p className="text-sm text-slate-600">Live conformance checks of this tenant&apos;s isolation, and the attestation built from them.</p>
      </div>
      <IsolationEvidence
        slug={access.tenant.slug}
        canRun={hasTenantPermission(access.principal, access.grant, 'isolation.run')}
        runs={runs}
        latest={latest}
        startRun={startConformanceRunAction}
        attestation={<AttestationCard slug={access.tenant.slug} publicKey={publicKey && { keyId: publicKey.keyId, text: publicKey.publicKeyText }} />}
      />
    </div>
  );
}
