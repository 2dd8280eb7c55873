import 'server-only';
import OpenAI from 'openai';
import { mapUpstreamError } from './call-upstream';
import { createUpstreamFetch } from './upstream-fetch';
import { findTenantEndpoints, type RoutedEndpoint } from './route-endpoint';
import type { GatewayTenant } from './tenant-config';

const MODELS_TTL_MS = 60_000;
const cache = new Map<string, { ids: string[]; loadedAt: number }>();

/**
 * `GET /v1/models` for a tenant: the models of the endpoints its prompt tier routes to. An endpoint
 * with an allow-list answers from it; otherwise from the upstream's own list (cached for a minute).
 */
export async function listTenantModels(tenant: GatewayTenant) {
  const endpoints = await findTenantEndpoints(tenant);
  const ids = new Set<string>();
  for (const endpoint of endpoints) for (const id of await listEndpointModels(endpoint)) ids.add(id);
  return { object: 'list', data: [...ids].map((id) => ({ id, object: 'model', created: 0, owned_by: 'bulkhead' })) };
}

async function listEndpointModels(endpoint: RoutedEndpoint, now = Date.now()): Promise<string[]> {
  if (endpoint.models.length > 0) return endpoint.models;
  const cached = cache.get(endpoint.id);
  if (cached && now - cached.loadedAt < MODELS_TTL_MS) return cached.ids;
  try {
    const client = new OpenAI({
      baseURL: endpoint.baseUrl,
      apiKey: endpoint.apiKey,
      maxRetries: 0,
      timeout: endpoint.timeoutMs,
      fetch: createUpstreamFetch(endpoint.egress),
    });
    const ids = (await client.models.list()).data.map((model) => model.id);
    cache.set(endpoint.id, { ids, loadedAt: now });
    return ids;
  } catch (error) {
    throw mapUpstreamError(error, endpoint.id);
  }
}
