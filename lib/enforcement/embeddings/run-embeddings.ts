import 'server-only';
import type OpenAI from 'openai';
import { mapUpstreamError, getUpstreamClient } from '../call-upstream';
import { refreshCanaryRegistry } from '@/lib/canaries/canary-registry';
import { roundMs, traceStep, type DecisionTrace } from '../decision-trace';
import { hashEndUserFields } from '../end-user-hash';
import { GatewayError } from '../gateway-error';
import { deriveIncidents } from '@/lib/control/incidents/derive-incidents';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import { recordDecision } from '../record-decision';
import { runAuditedRequest, type PipelineRequest } from '../run-pipeline';
import { findForeignCanaryOwners } from '../screen-input-channels';
import { ScreeningLimitError } from '@/lib/screening/types';
import type { GatewayTenant } from '../tenant-config';
import { routeEmbeddingEndpoint } from './route-embedding-endpoint';
import { validateEmbeddingsRequest } from './validate-embeddings-request';

/**
 * `POST /v1/embeddings` through the pipeline's frame (tenant from the key, rate limit, audited
 * refusals): validate, screen the input for other tenants' canaries (text headed for a shared
 * embedding model is a channel like any prompt; a foreign canary blocks and opens incidents for
 * both tenants), route by the tenant's tier, call the upstream, append the audit event.
 * @throws GatewayError with the status and OpenAI-style body to send
 */
export async function runEmbeddings(input: PipelineRequest): Promise<{ body: OpenAI.CreateEmbeddingResponse; trace: DecisionTrace }> {
  return runAuditedRequest({ ...input, api: 'embeddings' }, async (tenant, trace) => {
    const request = await traceStep(trace, 'validate_request', () => validateEmbeddingsRequest(input.body));
    trace.model = request.model;
    await traceStep(trace, 'load_screening_context', () => refreshCanaryRegistry());
    const text = request.inputs.join('\n');
    await traceStep(trace, 'screen_input', () => assertNoForeignCanary(text, tenant, trace));

    const endpoint = await traceStep(trace, 'route_endpoint', () => routeEmbeddingEndpoint(tenant, request.model));
    trace.endpoint = { id: endpoint.id, name: endpoint.name, kind: endpoint.kind, tier: tenant.tiers.prompt, scope: endpoint.scope };
    const upstreamStarted = performance.now();
    const answer = await traceStep(trace, 'call_upstream', async () => {
      try {
        return await getUpstreamClient(endpoint).embeddings.create(
          {
            model: request.model,
            input: request.inputs,
            encoding_format: request.encodingFormat,
            ...(request.dimensions ? { dimensions: request.dimensions } : {}),
            ...hashEndUserFields(tenant.id, request.endUser),
          },
          { timeout: endpoint.timeoutMs, signal: input.signal },
        );
      } catch (error) {
        throw mapUpstreamError(error, endpoint.id);
      }
    });
    trace.upstreamMs = roundMs(performance.now() - upstreamStarted);
    if (!Array.isArray(answer.data) || answer.data.length !== request.inputs.length) {
      throw new GatewayError(502, 'The embedding endpoint answered with the wrong number of vectors.', 'upstream_invalid_response');
    }
    trace.usage = { promptTokens: answer.usage?.prompt_tokens ?? 0, completionTokens: 0, cachedTokens: 0 };
    trace.outcome = 'success';
    trace.overheadMs = roundMs(performance.now() - input.startedAt - trace.upstreamMs);
    await traceStep(trace, 'record_decision', () =>
      recordDecision(tenant, { trace, actor: input.principal.actor, outcome: 'success', phase: 'request', requestText: text }),
    );
    return { body: { object: 'list', data: answer.data, model: answer.model ?? request.model, usage: answer.usage }, trace };
  });
}

async function assertNoForeignCanary(text: string, tenant: GatewayTenant, trace: DecisionTrace) {
  let owners: string[];
  try {
    owners = findForeignCanaryOwners(text, tenant);
  } catch (error) {
    if (error instanceof ScreeningLimitError) throw new GatewayError(400, 'The input is too long to screen.', 'context_length_exceeded', 'input');
    throw error;
  }
  trace.input = { action: owners.length > 0 ? 'block' : 'allow', reasons: owners.length > 0 ? ["foreign_canary: another tenant's canary in the input"] : [] };
  if (owners.length === 0) return;
  const drafts = deriveIncidents({
    tenantId: tenant.id,
    requestId: trace.requestId,
    inputFindings: [],
    outputFindings: [],
    foreignTenantIds: [],
    inputForeignTenantIds: owners,
  });
  trace.incidents = await openIncidents(drafts, tenant.id);
  throw new GatewayError(403, "The request was blocked by input screening: it holds another tenant's data.", 'input_blocked');
}
