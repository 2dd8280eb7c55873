import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { hasTenantPermission } from '@/lib/auth/principal';
import { resolveTenantAccess, type TenantAccess } from '@/lib/auth/tenant-access';
import { NotFoundError } from '@/lib/errors';
import { GatewayError } from '@/lib/enforcement/gateway-error';
import { handleChatCompletions } from '@/lib/enforcement/http/handle-chat-completions';
import { resolveSessionPrincipal } from '@/lib/enforcement/resolve-principal';
import { isSameOrigin } from '@/lib/http/forwarded';
import type { PromptChoice } from '@/lib/prompts/prompt-config-source';
import { readPlaygroundPromptChoice } from './read-prompt-choice';

export const dynamic = 'force-dynamic';

/**
 * The playground's chat: the SAME pipeline as the API, authenticated by the session. The slug only
 * selects among the tenants the session grants (404 otherwise), and the response carries the
 * decision trace for the side panel. `?prompt_config=` or `?prompt_version=` chooses what to chat
 * with instead of the live default; the pipeline looks it up under the session's tenant only.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return handleChatCompletions(
    request,
    async () => {
      assertSameOrigin(request);
      const principal = await getCurrentPrincipal();
      if (!principal) throw new GatewayError(401, 'Sign in to continue.', 'unauthenticated');
      let access: TenantAccess;
      try {
        access = await resolveTenantAccess(principal, slug, 'playground.use');
      } catch (error) {
        if (error instanceof NotFoundError) throw new GatewayError(404, 'Not found', 'not_found');
        throw error;
      }
      const choice = readPlaygroundPromptChoice(new URL(request.url).searchParams);
      assertMayChoose(access, choice);
      return resolveSessionPrincipal(access, choice);
    },
    { includeTrace: true },
  );
}

/** The session cookie rides along on cross-site requests too; refuse any whose Origin is another site. */
function assertSameOrigin(request: Request) {
  if (!isSameOrigin(request.headers)) throw new GatewayError(403, 'Cross-site requests are refused.', 'cross_site');
}

/** Any playground user may chat with a configuration's live version; drafts and earlier versions are for those who manage prompts. */
function assertMayChoose(access: TenantAccess, choice: PromptChoice | undefined) {
  if (choice && 'versionId' in choice && !hasTenantPermission(access.principal, access.grant, 'prompts.manage')) {
    throw new GatewayError(
      403,
      'Chatting with a draft or earlier version needs permission to manage prompts. Choose a configuration instead.',
      'forbidden',
      'prompt',
    );
  }
}
