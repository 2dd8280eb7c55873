import 'server-only';
import { isSameOrigin } from './forwarded';
import { findArgumentsProblem, findMultipartArgumentsProblem } from './server-action-reply';

/** No page of the console has an address anywhere near this long. */
export const MAX_ADDRESS_LENGTH = 4096;
/** Next.js's own limit for a server-action body (serverActions.bodySizeLimit), which it enforces with a 500. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

/**
 * The console's answer to a request Next.js itself would fail before any of our code runs (a 500, or
 * a redirect whose headers no client reads), or null to let it through: an address too long or that
 * does not percent-decode, and a server-action call that is cross-site, of the wrong type, too
 * large, or not decodable as arguments. The action's own checks (session, permission, zod) still
 * run on whatever passes.
 */
export async function refuseMalformedRequest(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  // Next.js echoes a path into its redirects (a trailing slash removed): headers too large for clients.
  if (url.pathname.length + url.search.length > MAX_ADDRESS_LENGTH) return refuse(414, 'The address is too long.');
  if (!canDecodePath(url.pathname)) return refuse(400, 'The address contains an invalid percent-encoded character.');
  // No console address has path parameters; Next.js fails a route handler's address holding one with a 500.
  if (url.pathname.includes(';')) return refuse(400, 'The address contains a semicolon, which no console address has.');
  const contentType = request.headers.get('content-type')?.toLowerCase() ?? '';
  const isActionCall = request.headers.has('next-action');
  const isMultipart = contentType.startsWith('multipart/form-data');
  // Next.js treats a POST of multipart form data to a page as a possible form action, too.
  if (request.method !== 'POST' || (!isActionCall && !isMultipart)) return null;

  // Without an Origin it is no browser's cross-site request (browsers send one with every POST), and
  // the action authorizes the caller itself, as Next.js and isSameOrigin assume.
  if (!isSameOrigin(request.headers)) return refuse(403, 'Cross-site requests are refused.');
  if (isActionCall && !isMultipart && !contentType.startsWith('text/plain')) {
    return refuse(415, 'An action is sent as text/plain or multipart/form-data.');
  }
  const declaredLength = Number(request.headers.get('content-length') ?? 0);
  if (declaredLength > MAX_ACTION_BODY_BYTES) return refuseTooLarge();
  const body = await readBodyUpTo(request, MAX_ACTION_BODY_BYTES);
  if (!body) return refuseTooLarge();

  if (isMultipart) {
    const form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type')! } }).formData().catch(() => null);
    if (!form) return refuse(400, 'The form data is malformed.');
    const problem = isActionCall ? findMultipartArgumentsProblem(form) : null;
    return problem ? refuse(400, problem) : null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return refuse(400, 'The action arguments are not valid UTF-8 text.');
  }
  const problem = findArgumentsProblem(text);
  return problem ? refuse(400, problem) : null;
}

function canDecodePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The body, or null once it passes maxBytes (the rest is not read). */
async function readBodyUpTo(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function refuseTooLarge(): Response {
  return refuse(413, `An action's data is limited to ${MAX_ACTION_BODY_BYTES / (1024 * 1024)} MB.`);
}

function refuse(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store' } });
}
