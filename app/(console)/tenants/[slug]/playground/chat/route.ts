import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { NotFoundError } from '@/lib/errors';
import { GatewayError } from '@/lib/enforcement/gateway-error';
import { handleChatCompletions } from '@/lib/enforcement/http/handle-chat-completions';
import { resolveSessionPrincipal } from '@/lib/enforcement/resolve-principal';
import { isSameOrigin } from '@/lib/http/forwarded';

export const dynamic = 'force-dynamic';

/**
 * The playground's chat: the SAME pipeline as the API, authenticated by the session. The slug only
 * selects among the tenants the session grants (404 otherwise), and the response carries the
 * decision trace for the side panel.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  return handleChatCompletions(
    request,
    async () => {
      assertSameOrigin(request);
      const principal = await getCurrentPrincipal();
      if (!principal) throw new GatewayError(401, 'Sign in to continue.', 'unauthenticated');
      try {
        return resolveSessionPrincipal(await resolveTenantAccess(principal, slug, 'playground.use'));
      } catch (error) {
        if (error instanceof NotFoundError) throw new GatewayError(404, 'Not found', 'not_found');
        throw error;
      }
    },
    { includeTrace: true },
  );
}

/** The session cookie rides along on cross-site requests too; refuse any whose Origin is another site. */
function assertSameOrigin(request: Request) {
  if (!isSameOrigin(request.headers)) throw new GatewayError(403, 'Cross-site requests are refused.', 'cross_site');
}
