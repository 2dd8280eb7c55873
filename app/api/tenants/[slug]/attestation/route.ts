import { z } from 'zod';
import { respondWithJson } from '@/lib/audit/api/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { buildAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issueTenantAttestation } from '@/lib/conformance/attestation/issue-tenant-attestation';
import { renderAttestationPdf } from '@/lib/conformance/attestation/render-attestation-pdf';
import { UnauthenticatedError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ format: z.enum(['json', 'pdf'], { message: 'format must be json or pdf.' }) });

/** The tenant's signed attestation as a download: `?format=json` (signed, for attest:verify) or `?format=pdf`. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('conformance.attestation', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { slug } = await params;
    const access = await resolveTenantAccess(principal, slug, 'isolation.read');
    const { format } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const document = await issueTenantAttestation(access);
    const name = `bulkhead-attestation-${access.tenant.slug}-${document.statement.issuedAt.slice(0, 10)}`;
    if (format === 'json') {
      return new Response(JSON.stringify(document, null, 2), {
        headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${name}.json"`, 'cache-control': 'no-store' },
      });
    }
    const pdf = await renderAttestationPdf(`Isolation attestation: ${access.tenant.name}`, buildAttestationSections(document));
    return new Response(Buffer.from(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"`, 'cache-control': 'no-store' },
    });
  });
}
