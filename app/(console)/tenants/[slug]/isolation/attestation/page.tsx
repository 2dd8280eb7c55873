import Link from 'next/link';
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
  const download = `/api/tenants/${encodeURIComponent(access.tenant.slug)}/attestation`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Link href={`/tenants/${access.tenant.slug}/isolation`} className="text-sm text-indigo-700 hover:underline">
          Back to isolation evidence
        </Link>
        <span className="flex-1" />
        <PrintButton />
        <a
          href={`${download}?format=pdf`}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
          data-testid="download-pdf"
        >
          Download PDF
        </a>
        <a
          href={`${download}?format=json`}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          data-testid="download-json"
        >
          Download signed JSON
        </a>
      </div>
      <AttestationView title={`Isolation attestation: ${access.tenant.name}`} sections={buildAttestationSections(document)} />
    </div>
  );
}
