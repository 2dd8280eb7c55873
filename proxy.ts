import { NextResponse, type NextRequest } from 'next/server';
import { refuseMalformedRequest } from '@/lib/http/malformed-request-guard';

/**
 * Runs before Next.js routes a request: refuses what Next.js would otherwise fail with a 500 before
 * reaching any page or action (lib/http/malformed-request-guard.ts). Route handlers validate their
 * own input and are left out, so that their bodies are not buffered here (Next.js buffers the body
 * of every request a proxy sees): in particular the knowledge upload, which reads its stream under
 * its own byte limit.
 */
export async function proxy(request: NextRequest) {
  const refusal = await refuseMalformedRequest(request);
  if (refusal) return refusal;
  // What Next.js would do itself without skipTrailingSlashRedirect (next.config.js), once the
  // address is known to be short enough to echo.
  const url = new URL(request.url);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) {
    url.pathname = url.pathname.replace(/\/+$/, '') || '/';
    return NextResponse.redirect(url, 308);
  }
  return undefined;
}

export const config = {
  // Pages and their actions; any path holding a percent sign, which may not decode, or a semicolon
  // (Next.js answers either to a route handler with a 500); and any ending with a slash, to redirect.
  // /api/ itself is a page address here: Next.js fails a form POST to it with a 500. A matched request's
  // body is buffered. (Unknown addresses under /api are answered by app/api/[[...path]], reading no body.)
  matcher: ['/((?!api/.|_next/|metrics$|tenants/[^/]+/knowledge/upload$).*)', '/:path(.*%.*)', '/:path(.*;.*)', '/api/:path(.*/)'],
};
