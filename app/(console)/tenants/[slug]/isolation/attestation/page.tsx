import Link from 'next/link';
import { AttestationDownloads } from '@/components/conformance/attestation-downloads';
import { AttestationView } from '@/components/conformance/attestation-view';
import { PrintButton } from '@/components/conformance/print-button';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { buildAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issueTenantAttestation } from '@/lib/conformance/attestation/issue-tenant-attestation';

export const dynamic = 'force-dynamic';

/** The tenant's attestation as a printable page, with the signed JSON and the PDF to download. */
export default async function AttestationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'isolation.read');
  const document = await issueTenantAttestation(access);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Link href={`/tenants/${access.tenant.slug}/isolation`} className="text-sm text-indigo-700 hover:underline">
          Back to isolation evidence
        </Link>
        <span className="flex-1" />
        <PrintButton />
        <AttestationDownloads slug={access.tenant.slug} emphasizeJson />
      </div>
      <AttestationView title={`Isolation attestation: ${access.tenant.name}`} sections={buildAttestationSections(document)} />
    </div>
  );
}
