import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';

type Handler = (request: Request) => Promise<Response>;

export interface GatewayHarness {
  model: LocalModel;
  /** Base URL of the gateway over real HTTP (`…/v1`), for the official SDK. */
  baseURL: string;
  close(): Promise<void>;
}

/**
 * Real HTTP in front of the real route handlers: a node:http server that turns each request into a
 * fetch `Request`, calls the exported POST/GET and streams the `Response` back, so the official SDK
 * talks to our handler exactly as over `next start`. Also starts a local model simulator in this
 * process (its received-requests hook shows what the upstream got) and points the gateway at it.
 */
export async function startGatewayHarness(options: { upstreamTimeoutMs?: number } = {}): Promise<GatewayHarness> {
  const model = await startLocalModel();
  process.env.BULKHEAD_LOCAL_MODEL_URL = model.url;
  process.env.BULKHEAD_UPSTREAM_TIMEOUT_MS = String(options.upstreamTimeoutMs ?? 10_000);
  const { POST } = await import('@/app/api/v1/chat/completions/route');
  const { GET } = await import('@/app/api/v1/models/route');
  const routes: Record<string, Handler> = { 'POST /v1/chat/completions': POST, 'GET /v1/models': GET };

  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const handler = routes[`${incoming.method} ${new URL(incoming.url ?? '/', 'http://x').pathname}`];
    if (!handler) return void outgoing.writeHead(404).end();
    const closed = new AbortController();
    outgoing.on('close', () => closed.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://127.0.0.1${incoming.url}`, {
      method: incoming.method,
      headers,
      body: incoming.method === 'GET' ? undefined : Buffer.concat(chunks),
      signal: closed.signal,
    });
    const response = await handler(request);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      outgoing.write(next.value);
    }
    outgoing.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    model,
    baseURL: `http://127.0.0.1:${port}/v1`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await model.close();
    },
  };
}

/** A fresh tenant (optionally with tiers and gateway settings) and an API key for it. */
export async function createGatewayTenant(
  label: string,
  options: { promptTier?: 'namespace' | 'schema_kms' | 'dedicated'; logsTier?: 'namespace' | 'schema_kms' | 'dedicated'; screeningMode?: 'flag' | 'block'; burst?: number; requestsPerMinute?: number } = {},
) {
  const tenant = await createTestTenant(label);
  const { secret, prefix, hash } = createApiKeySecret();
  const key = await withPlatformSystemAccess('gateway test fixture', async (tx) => {
    if (options.promptTier || options.logsTier) {
      await tx.tenant.update({ where: { id: tenant.id }, data: { promptTier: options.promptTier, logsTier: options.logsTier } });
    }
    if (options.screeningMode || options.burst || options.requestsPerMinute) {
      await tx.gatewaySettings.create({
        data: { tenantId: tenant.id, screeningMode: options.screeningMode ?? 'block', burst: options.burst ?? 60, requestsPerMinute: options.requestsPerMinute ?? 600 },
      });
    }
    return tx.apiKey.create({ data: { tenantId: tenant.id, name: 'test key', prefix, secretHash: hash }, select: { id: true } });
  });
  return { ...tenant, apiKey: secret, keyId: key.id };
}

export function createClient(harness: GatewayHarness, apiKey: string): OpenAI {
  return new OpenAI({ baseURL: harness.baseURL, apiKey, maxRetries: 0 });
}

/** Chat completion bodies as the simulator received them, for one tenant's requests (by its salt-free content). */
export function findUpstreamBodies(model: LocalModel): { model: string; messages: { role: string; content: string }[]; cache_salt?: string }[] {
  return model
    .getReceivedRequests()
    .filter((request) => request.path === '/v1/chat/completions')
    .map((request) => request.body as { model: string; messages: { role: string; content: string }[]; cache_salt?: string });
}

/** Reads a stream with the SDK; returns the text, or the error the SDK raised. */
export async function readStream(client: OpenAI, body: OpenAI.ChatCompletionCreateParamsStreaming) {
  let text = '';
  let cachedTokens: number | undefined;
  try {
    const stream = await client.chat.completions.create({ ...body, stream_options: { include_usage: true } });
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) cachedTokens = chunk.usage.prompt_tokens_details?.cached_tokens;
    }
    return { text, cachedTokens, error: null };
  } catch (error) {
    return { text, cachedTokens, error: error as Error };
  }
}
