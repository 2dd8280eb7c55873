import { z } from 'zod';
import { respondWithJson } from '@/lib/audit/api/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { buildPlatformAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issuePlatformAttestation } from '@/lib/conformance/attestation/issue-platform-attestation';
import { renderAttestationPdf } from '@/lib/conformance/attestation/render-attestation-pdf';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { isPlatformAdmin } from '@/lib/auth/principal';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ format: z.enum(['json', 'pdf'], { message: 'format must be json or pdf.' }) });

/** The platform report as a download (platform admins): `?format=json` (signed) or `?format=pdf`. */
export async function GET(request: Request) {
  return respondWithJson('conformance.platform_attestation', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    if (!isPlatformAdmin(principal)) throw new NotFoundError();
    const { format } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const document = await issuePlatformAttestation(principal);
    const name = `bulkhead-platform-attestation-${document.statement.issuedAt.slice(0, 10)}`;
    if (format === 'json') {
      return new Response(JSON.stringify(document, null, 2), { headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${name}.json"`, 'cache-control': 'no-store' } });
    }
    const pdf = await renderAttestationPdf('Platform isolation attestation', buildPlatformAttestationSections(document));
    return new Response(Buffer.from(pdf), { headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"`, 'cache-control': 'no-store' } });
  });
}
