import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startGatewayServer } from '@/lib/gateway/gateway-server';
import { serveWebHandler } from '@/lib/gateway/node-io';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';

export interface GatewayHarness {
  model: LocalModel;
  /** Base URL of the gateway over real HTTP (`…/v1`), for the official SDK. */
  baseURL: string;
  close(): Promise<void>;
}

/**
 * Real HTTP in front of the real handlers, so the official SDK talks to them exactly as in production.
 * By default the gateway service itself (lib/gateway, as `npm run gateway` serves it); with
 * `door: 'console'` the console's Next.js route handlers (`app/api/v1/…`), each served over node:http.
 * Also starts a local model simulator in this process (its received-requests hook shows what the
 * upstream got) and points the gateway at it.
 */
export async function startGatewayHarness(options: { upstreamTimeoutMs?: number; door?: 'gateway' | 'console' } = {}): Promise<GatewayHarness> {
  const model = await startLocalModel();
  process.env.BULKHEAD_LOCAL_MODEL_URL = model.url;
  process.env.BULKHEAD_UPSTREAM_TIMEOUT_MS = String(options.upstreamTimeoutMs ?? 10_000);
  const served = options.door === 'console' ? await startConsoleRoutes() : await startGatewayServer({ port: 0 });
  return {
    model,
    baseURL: `${served.url}/v1`,
    async close() {
      await served.shutdown();
      await model.close();
    },
  };
}

/** The console's `/api/v1` route handlers on a node:http server, answering under `/v1` like the gateway. */
async function startConsoleRoutes() {
  const chat = await import('@/app/api/v1/chat/completions/route');
  const models = await import('@/app/api/v1/models/route');
  const audit = await import('@/app/api/v1/audit/events/route');
  const embeddings = await import('@/app/api/v1/embeddings/route');
  const responses = await import('@/app/api/v1/responses/route');
  const routes: Record<string, ReturnType<typeof serveWebHandler>> = {
    'POST /v1/chat/completions': serveWebHandler(chat.POST),
    'GET /v1/models': serveWebHandler(models.GET),
    'GET /v1/audit/events': serveWebHandler(audit.GET),
    'POST /v1/embeddings': serveWebHandler(embeddings.POST),
    'POST /v1/responses': serveWebHandler(responses.POST),
  };
  return serveOnLoopback((incoming, outgoing) => {
    const route = routes[`${incoming.method} ${new URL(incoming.url ?? '/', 'http://x').pathname}`];
    if (!route) return void outgoing.writeHead(404).end();
    void route(incoming, outgoing);
  });
}

/** A node:http server on a free loopback port, for handlers under test. */
export async function serveOnLoopback(listener: http.RequestListener) {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async shutdown() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A fresh tenant (optionally with tiers and gateway settings) and an API key for it. */
export async function createGatewayTenant(
  label: string,
  options: {
    promptTier?: 'namespace' | 'schema_kms' | 'dedicated';
    logsTier?: 'namespace' | 'schema_kms' | 'dedicated';
    screeningMode?: 'flag' | 'block';
    burst?: number;
    requestsPerMinute?: number;
  } = {},
) {
  const tenant = await createTestTenant(label);
  const { secret, prefix, hash } = createApiKeySecret();
  const key = await withPlatformSystemAccess('gateway test fixture', async (tx) => {
    if (options.promptTier || options.logsTier) {
      await tx.tenant.update({ where: { id: tenant.id }, data: { promptTier: options.promptTier, logsTier: options.logsTier } });
    }
    if (options.screeningMode || options.burst || options.requestsPerMinute) {
      await tx.gatewaySettings.create({
        data: {
          tenantId: tenant.id,
          screeningMode: options.screeningMode ?? 'block',
          burst: options.burst ?? 60,
          requestsPerMinute: options.requestsPerMinute ?? 600,
        },
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
