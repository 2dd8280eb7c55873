import { randomUUID } from 'node:crypto';
import { createErrorResponse } from '@/lib/enforcement/http/gateway-response';
import { toGatewayError } from '@/lib/enforcement/gateway-error';
import { listTenantModels } from '@/lib/enforcement/list-models';
import { resolveApiKeyPrincipal } from '@/lib/enforcement/resolve-principal';
import { getGatewayTenant } from '@/lib/enforcement/tenant-config';

export const dynamic = 'force-dynamic';

/** The models the key's tenant may call, in OpenAI's list shape. */
export async function GET(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  try {
    const principal = await resolveApiKeyPrincipal(request.headers.get('authorization'));
    const models = await listTenantModels(await getGatewayTenant(principal.tenantId));
    return Response.json(models, { headers: { 'x-request-id': requestId } });
  } catch (error) {
    return createErrorResponse(toGatewayError(error, requestId), requestId, startedAt);
  }
}
