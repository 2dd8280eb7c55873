import 'server-only';
import { headers } from 'next/headers';
import { UserFacingError } from '@/lib/errors';
import { isSameOrigin } from '@/lib/http/forwarded';

/**
 * Next.js refuses a server action whose Origin differs from X-Forwarded-Host (or Host), and takes
 * X-Forwarded-Host from the client when no proxy set it: a forged header with a matching Origin
 * passes there. This checks again against the configured origin (lib/http/forwarded.ts).
 * @throws UserFacingError 403
 */
export async function assertSameOriginAction(): Promise<void> {
  if (!isSameOrigin(await headers())) throw new UserFacingError('Cross-site requests are refused.', 403);
}
