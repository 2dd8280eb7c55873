import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { respondWithAttestation } from '@/lib/conformance/attestation/attestation-response';
import { buildAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issueTenantAttestation } from '@/lib/conformance/attestation/issue-tenant-attestation';
import { UnauthenticatedError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The tenant's signed attestation as a download (isolation.read): `?format=json` (for attest:verify) or `?format=pdf`. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('conformance.attestation', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { slug } = await params;
    const access = await resolveTenantAccess(principal, slug, 'isolation.read');
    const document = await issueTenantAttestation(access);
    return respondWithAttestation(request, document, {
      fileName: `bulkhead-attestation-${access.tenant.slug}-${document.statement.issuedAt.slice(0, 10)}`,
      title: `Isolation attestation: ${access.tenant.name}`,
      sections: () => buildAttestationSections(document),
    });
  });
}
