import { notFound } from 'next/navigation';
import { AttestationView } from '@/components/conformance/attestation-view';
import { PrintButton } from '@/components/conformance/print-button';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { buildPlatformAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issuePlatformAttestation } from '@/lib/conformance/attestation/issue-platform-attestation';

export const dynamic = 'force-dynamic';

/** The platform's isolation attestation (floor, claimable assurance, tenants below the floor, latest runs), printable. */
export default async function PlatformAttestationPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const document = await issuePlatformAttestation(principal);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-end gap-3 print:hidden">
        <PrintButton />
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a file from a route handler, downloaded, not a page to navigate to */}
        <a href="/api/platform/attestation?format=pdf" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">
          Download PDF
        </a>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a file from a route handler, downloaded, not a page to navigate to */}
        <a href="/api/platform/attestation?format=json" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Download signed JSON
        </a>
      </div>
      <AttestationView title="Platform isolation attestation" sections={buildPlatformAttestationSections(document)} />
    </div>
  );
}
