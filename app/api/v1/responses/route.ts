import { handleResponses } from '@/lib/enforcement/http/handle-responses';
import { resolveApiKeyPrincipal } from '@/lib/enforcement/resolve-principal';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible Responses API (streaming and not; responses are not stored), authenticated with a tenant API key. */
export async function POST(request: Request): Promise<Response> {
  return handleResponses(request, () => resolveApiKeyPrincipal(request.headers.get('authorization')));
}
