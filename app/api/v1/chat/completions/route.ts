import { handleChatCompletions } from '@/lib/enforcement/http/handle-chat-completions';
import { resolveApiKeyPrincipal } from '@/lib/enforcement/resolve-principal';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible Chat Completions (streaming and not), authenticated with a tenant API key. */
export async function POST(request: Request): Promise<Response> {
  return handleChatCompletions(request, () => resolveApiKeyPrincipal(request.headers.get('authorization')));
}
