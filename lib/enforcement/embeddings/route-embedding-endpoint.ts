import 'server-only';
import { ENDPOINT_CAPABILITIES } from '../endpoint-capabilities';
import { GatewayError } from '../gateway-error';
import { routeEndpoint, type RoutedEndpoint } from '../route-endpoint';
import type { GatewayTenant } from '../tenant-config';

/**
 * The endpoint that embeds for this tenant: the same routing as chat (its prompt tier's endpoints:
 * its own for `dedicated`, never the shared pool; the shared pool otherwise), narrowed to the model
 * asked for, and refused when that endpoint's kind does not serve embeddings.
 * @throws GatewayError 404 unknown model, 503 no endpoint, 400 when the endpoint cannot embed
 */
export async function routeEmbeddingEndpoint(tenant: GatewayTenant, model: string): Promise<RoutedEndpoint> {
  const endpoint = await routeEndpoint(tenant, model);
  if (!ENDPOINT_CAPABILITIES[endpoint.kind].has('embeddings')) {
    throw new GatewayError(400, `Embeddings are not supported by the endpoint '${endpoint.name}' (${endpoint.kind}).`, 'unsupported_parameter', 'model');
  }
  return endpoint;
}
