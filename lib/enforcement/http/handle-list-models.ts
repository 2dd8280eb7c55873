import 'server-only';
import { randomUUID } from 'node:crypto';
import { roundMs } from '../decision-trace';
import { toGatewayError } from '../gateway-error';
import { listTenantModels } from '../list-models';
import { resolveApiKeyPrincipal } from '../resolve-principal';
import { getGatewayTenant } from '../tenant-config';
import { createErrorReply, createJsonReply } from './gateway-response';
import type { GatewayReply } from './gateway-reply';

/** `GET …/models`: the models the key's tenant may call, in OpenAI's list shape. */
export async function answerListModels(authorization: string | null): Promise<GatewayReply> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  try {
    const principal = await resolveApiKeyPrincipal(authorization);
    const models = await listTenantModels(await getGatewayTenant(principal.tenantId));
    return createJsonReply(models, requestId, roundMs(performance.now() - startedAt));
  } catch (error) {
    return createErrorReply(toGatewayError(error, requestId), requestId, startedAt);
  }
}
