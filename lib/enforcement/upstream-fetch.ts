import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { createUpstreamAgents, hasPrivateLiteralHost, PrivateAddressError, type EgressRule } from '@/lib/http/public-address';

const agentsByRule = createUpstreamAgents();

/**
 * The `fetch` the openai SDK uses for model endpoints: one HTTP/1.1 request on a keep-alive
 * node:http agent, answered with a standard Response. Node's global fetch builds WHATWG request
 * objects, streams and transferable signals for every call, and inside a route handler Next.js
 * wraps it again with its data cache; on the gateway's hot path that was about a fifth of its CPU.
 * Bodies the SDK sends to model endpoints are strings or bytes; anything else (a stream body) goes
 * to the platform fetch. The SDK's AbortSignal (its timeout, the client going away) aborts the
 * request with an AbortError, which the SDK reports as a timeout or an abort as it does for fetch.
 */
export function upstreamFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  return fetchOnAgents(agentsByRule.any, input, init);
}

/**
 * upstreamFetch under an endpoint's egress rule: for `public_only`, an address literal outside the
 * public range is refused before connecting and every hostname is resolved, checked and pinned
 * (lib/http/public-address.ts); anything the lean path cannot send is refused rather than sent unchecked.
 */
export function createUpstreamFetch(rule: EgressRule): typeof upstreamFetch {
  if (rule === 'any') return upstreamFetch;
  return (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (hasPrivateLiteralHost(url)) return Promise.reject(new PrivateAddressError(url.hostname, url.hostname));
    return fetchOnAgents(agentsByRule.public_only, input, init, { strict: true });
  };
}

function fetchOnAgents(
  agents: Record<'http:' | 'https:', http.Agent>,
  input: string | URL | Request,
  init: RequestInit,
  options: { strict?: boolean } = {},
): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const body = init.body;
  const agent = agents[url.protocol as 'http:' | 'https:'];
  if (!agent || input instanceof Request || (body != null && typeof body !== 'string' && !(body instanceof Uint8Array))) {
    if (options.strict) return Promise.reject(new TypeError('This request cannot be sent to a model endpoint held to public addresses.'));
    return globalThis.fetch(input, init);
  }
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  if (body != null) headers['content-length'] = String(Buffer.byteLength(body));
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: init.method ?? 'GET', headers, agent, signal: init.signal ?? undefined, timeout: 0 }, (response) => {
      const responseHeaders = new Headers();
      const raw = response.rawHeaders;
      for (let index = 0; index < raw.length; index += 2) responseHeaders.append(raw[index], raw[index + 1]);
      const status = response.statusCode ?? 502;
      const hasBody = status !== 204 && status !== 304 && init.method !== 'HEAD';
      if (!hasBody) response.resume();
      resolve(
        new Response(hasBody ? (Readable.toWeb(response) as ReadableStream<Uint8Array>) : null, {
          status,
          statusText: response.statusMessage,
          headers: responseHeaders,
        }),
      );
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}
