import 'server-only';
import type { NextRequest } from 'next/server';

/**
 * next-auth's route handler takes its origin from the request's URL, which Next.js writes with
 * `localhost` for any loopback address (its NextURL normalizes 127.0.0.1), while its server-side
 * signIn() takes the forwarded or Host header. The OpenID Connect redirect_uri is built on each
 * side and the provider refuses a code whose two redirect_uris differ, so the route handler gets a
 * plain Request at the origin signIn() computes. With AUTH_URL set, next-auth uses it on both
 * sides and this changes nothing.
 */
export async function withSignInOrigin(request: NextRequest): Promise<NextRequest> {
  if (process.env.AUTH_URL) return request;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!host) return request;
  const url = new URL(request.url);
  const protocol = (request.headers.get('x-forwarded-proto') ?? url.protocol).replace(/:$/, '');
  const origin = `${protocol}://${host}`;
  // A Host that is not a plain host[:port] (malformed or hostile) is left to next-auth as it was.
  if (!URL.canParse(origin) || new URL(origin).origin !== origin || origin === url.origin) return request;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const rebuilt = new Request(url.href.replace(url.origin, origin), {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
  // next-auth reads only the standard Request fields unless AUTH_URL is set (handled above).
  return rebuilt as NextRequest;
}
