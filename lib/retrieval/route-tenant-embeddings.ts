import { routeEmbeddingEndpoint } from '@/lib/enforcement/embeddings/route-embedding-endpoint';
import { getGatewayTenant } from '@/lib/enforcement/tenant-config';
import { EmbeddingsUnavailableError, type EmbeddingsConfig } from './embeddings';

/**
 * Where the knowledge base embeds a tenant's text when configured to follow the tenant's route:
 * the same endpoint `POST /v1/embeddings` would use for that tenant (a dedicated tenant's own
 * endpoint, never the shared pool). When there is none the caller's full-text fallback applies,
 * so the text is embedded nowhere rather than somewhere its tier does not allow.
 * @throws EmbeddingsUnavailableError when the tenant has no endpoint that embeds
 */
export async function resolveTenantEmbeddingTarget(tenantId: string, model: string): Promise<EmbeddingsConfig> {
  try {
    const endpoint = await routeEmbeddingEndpoint(await getGatewayTenant(tenantId), model);
    return { baseUrl: endpoint.baseUrl.replace(/\/+$/, ''), model, apiKey: endpoint.apiKey };
  } catch (error) {
    throw new EmbeddingsUnavailableError("No embedding endpoint is routed for this tenant's tier.", { cause: error });
  }
}
