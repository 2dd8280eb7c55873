import { handleEmbeddings } from '@/lib/enforcement/http/handle-embeddings';
import { resolveApiKeyPrincipal } from '@/lib/enforcement/resolve-principal';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible Embeddings, authenticated with a tenant API key. */
export async function POST(request: Request): Promise<Response> {
  return handleEmbeddings(request, () => resolveApiKeyPrincipal(request.headers.get('authorization')));
}
