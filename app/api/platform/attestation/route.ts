import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { respondWithAttestation } from '@/lib/conformance/attestation/attestation-response';
import { buildPlatformAttestationSections } from '@/lib/conformance/attestation/attestation-sections';
import { issuePlatformAttestation } from '@/lib/conformance/attestation/issue-platform-attestation';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The platform report as a download (platform admins only; 404 for everyone else): `?format=json` or `?format=pdf`. */
export async function GET(request: Request) {
  return respondWithJson('conformance.platform_attestation', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    if (!isPlatformAdmin(principal)) throw new NotFoundError();
    const document = await issuePlatformAttestation(principal);
    return respondWithAttestation(request, document, {
      fileName: `bulkhead-platform-attestation-${document.statement.issuedAt.slice(0, 10)}`,
      title: 'Platform isolation attestation',
      sections: () => buildPlatformAttestationSections(document),
    });
  });
}
