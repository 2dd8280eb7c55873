import 'server-only';
import { EmbeddingsUnavailableError, installTenantEmbeddingRoute, type EmbeddingsConfig } from '@/lib/retrieval/embeddings';
import { getGatewayTenant } from '../tenant-config';
import { createUpstreamFetch } from '../upstream-fetch';
import { routeEmbeddingEndpoint } from './route-embedding-endpoint';

/**
 * Where the knowledge base embeds a tenant's text when configured to follow the tenant's route:
 * the same endpoint `POST /v1/embeddings` would use for that tenant (a dedicated tenant's own
 * endpoint, never the shared pool). When there is none the caller's full-text fallback applies,
 * so the text is embedded nowhere rather than somewhere its tier does not allow.
 * @throws EmbeddingsUnavailableError when the tenant has no endpoint that embeds
 */
async function resolveTenantEmbeddingTarget(tenantId: string, model: string): Promise<EmbeddingsConfig> {
  try {
    const endpoint = await routeEmbeddingEndpoint(await getGatewayTenant(tenantId), model);
    return { baseUrl: endpoint.baseUrl.replace(/\/+$/, ''), model, apiKey: endpoint.apiKey, fetch: createUpstreamFetch(endpoint.egress) };
  } catch (error) {
    throw new EmbeddingsUnavailableError("No embedding endpoint is routed for this tenant's tier.", { cause: error });
  }
}

/**
 * Lets the knowledge base embed through the tenant's route (retrieval sits below the gateway's
 * routing, so it is handed this resolver when a process starts, as the placement audit log is).
 */
export function installKnowledgeEmbeddingRoute(): void {
  installTenantEmbeddingRoute(resolveTenantEmbeddingTarget);
}
