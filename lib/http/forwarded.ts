import 'server-only';
import { env } from '@/lib/env';

// X-Forwarded-* headers are whatever the client sent unless a reverse proxy the operator put in
// front overwrites them (Next.js fills them only when absent). So they are read only when
// BULKHEAD_TRUST_PROXY says such a proxy is there.

/** The first value of a comma-separated header, trimmed. */
function firstValue(value: string | null): string | null {
  return value?.split(',')[0]?.trim() || null;
}

/**
 * Whether the request's Origin (when a browser sent one) is the console's own. Compared against
 * BULKHEAD_PUBLIC_ORIGIN when set; otherwise against the Host the request came in with, or behind
 * a trusted proxy the X-Forwarded-Host and -Proto it reports. A request without Origin is not a
 * browser's cross-site request and passes.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (!origin) return true;
  if (!URL.canParse(origin)) return false;
  const sent = new URL(origin);
  if (env.trustProxy) {
    const host = firstValue(headers.get('x-forwarded-host')) ?? headers.get('host');
    const protocol = firstValue(headers.get('x-forwarded-proto'));
    return sent.host === host && (!protocol || sent.protocol === `${protocol}:`);
  }
  const publicOrigin = env.publicOrigin;
  if (publicOrigin) return sent.origin === publicOrigin;
  return sent.host === headers.get('host');
}

/**
 * The client's address for per-address throttling: behind a trusted proxy the last X-Forwarded-For
 * entry (the one that proxy appended); otherwise the first, as Next.js filled it from the socket.
 * Without a proxy a client that sends its own X-Forwarded-For chooses this value, which is why the
 * per-account limit never depends on it.
 */
export function getClientAddress(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return null;
  if (env.trustProxy) return forwarded.split(',').at(-1)?.trim() || null;
  return firstValue(forwarded);
}
