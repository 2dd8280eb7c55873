import 'server-only';
import { z } from 'zod';
import { hasPrivateLiteralHost, isAllowListedHost } from '@/lib/http/public-address';
import { LOCAL_SIMULATOR_BASE_URL, MAX_UPSTREAM_TIMEOUT_MS } from './endpoint-constants';

/**
 * An endpoint as the console submits it. The server will call `baseUrl`, so who may name what is
 * restricted (server-side request forgery): tenant admins only https URLs or the built-in local
 * simulator, and no address literal outside the public internet unless the platform allow-lists the
 * host (a hostname is resolved and checked at every connection: lib/http/public-address.ts); platform
 * admins also plain http (a model server on a private network).
 */
export function createEndpointInputSchema(scope: 'shared' | 'dedicated') {
  return z
    .object({
      name: z.string().trim().min(1, 'Name the endpoint').max(80),
      baseUrl: z
        .string()
        .trim()
        .refine(
          (value) => value === LOCAL_SIMULATOR_BASE_URL || isAllowedUrl(value, scope),
          scope === 'dedicated' ? 'Use an https URL ending in /v1' : 'Use an http(s) URL ending in /v1',
        )
        .refine(
          (value) => scope === 'shared' || value === LOCAL_SIMULATOR_BASE_URL || !isPrivateWithoutAllowance(value),
          'This address is not on the public internet (loopback, private, link-local or metadata); ask a platform admin to allow the host',
        ),
      kind: z.enum(['openai', 'vllm', 'simulator']),
      models: z
        .string()
        .max(2000)
        .default('')
        .transform((value) =>
          value
            .split(',')
            .map((model) => model.trim())
            .filter(Boolean),
        ),
      apiKey: z.string().max(500).default(''),
      timeoutMs: z.coerce
        .number()
        .int()
        .min(1_000)
        .max(MAX_UPSTREAM_TIMEOUT_MS, `At most ${MAX_UPSTREAM_TIMEOUT_MS / 1000} seconds`)
        .default(30_000),
    })
    .strict();
}

export type EndpointInput = z.infer<ReturnType<typeof createEndpointInputSchema>>;

function isPrivateWithoutAllowance(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return hasPrivateLiteralHost(url) && !isAllowListedHost(url);
}

function isAllowedUrl(value: string, scope: 'shared' | 'dedicated'): boolean {
  try {
    const url = new URL(value);
    const protocols = scope === 'dedicated' ? ['https:'] : ['https:', 'http:'];
    return protocols.includes(url.protocol) && !url.username && !url.password && /\/v1\/?$/.test(url.pathname);
  } catch {
    return false;
  }
}
