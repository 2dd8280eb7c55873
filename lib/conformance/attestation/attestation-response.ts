import 'server-only';
import { z } from 'zod';
import type { AttestationSection } from './attestation-sections';
import type { SignedAttestation } from './attestation-types';
import { renderAttestationPdf } from './render-attestation-pdf';

const querySchema = z.object({ format: z.enum(['json', 'pdf'], { message: 'format must be json or pdf.' }) });

/**
 * A signed attestation as a download, in the format the `?format=` query asks for: the signed JSON
 * (what attest:verify checks) or the PDF of its sections.
 * @throws ZodError for a missing or unknown format (the route answers 400)
 */
export async function respondWithAttestation(
  request: Request,
  document: SignedAttestation,
  options: { fileName: string; title: string; sections: () => AttestationSection[] },
): Promise<Response> {
  const { format } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const headers = { 'content-disposition': `attachment; filename="${options.fileName}.${format}"`, 'cache-control': 'no-store' };
  if (format === 'json') return new Response(JSON.stringify(document, null, 2), { headers: { ...headers, 'content-type': 'application/json' } });
  const pdf = await renderAttestationPdf(options.title, options.sections());
  return new Response(Buffer.from(pdf), { headers: { ...headers, 'content-type': 'application/pdf' } });
}
