import 'server-only';
import { assemblePrompt, type PromptChoice, type PromptConfig } from './assemble-prompt';
import { buildUpstreamBody } from './call-upstream';
import { getDefaultPromptCanary, refreshCanaryRegistry } from '@/lib/canaries/canary-registry';
import { traceStep, type DecisionTrace } from './decision-trace';
import { GatewayError } from './gateway-error';
import { deriveIncidents } from '@/lib/control/incidents/derive-incidents';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import type { PipelineDependencies } from './pipeline-config';
import { selectRetrievalQuery } from '@/lib/retrieval/retrieve-context';
import { acceptsCacheSalt, computeCacheSalt, routeEndpoint, type RoutedEndpoint } from './route-endpoint';
import { describeConversation, findForeignCanaryOwners, screenInputChannels } from './screen-input-channels';
import type { ScreeningFinding } from '@/lib/screening/types';
import type { ChatTool } from './chat-request-schema';
import { assertEndpointSupports } from './endpoint-capabilities';
import { hashEndUserFields } from './end-user-hash';
import { recordToolRequest } from './tool-trace';
import type { GatewayTenant } from './tenant-config';
import { validateChatRequest, type ChatRequest } from './validate-request';

/** Everything steps 2 to 6 decided, ready for the upstream call. */
export interface PreparedRequest {
  request: ChatRequest;
  endpoint: RoutedEndpoint;
  upstreamBody: Record<string, unknown>;
  ownCanaries: string[];
  inputFindings: ScreeningFinding[];
  /** The client's messages as text, for the audit hashes. */
  requestText: string;
}

/**
 * Steps 2 to 6: validate, screen input (block per policy, incidents either way), retrieve, assemble
 * the prompt and route. Each step is timed in the trace.
 * @throws GatewayError at the first step that refuses
 */
export async function prepareRequest(
  tenant: GatewayTenant,
  body: unknown,
  trace: DecisionTrace,
  deps: PipelineDependencies,
  choice?: PromptChoice,
): Promise<PreparedRequest> {
  const request = await traceStep(trace, 'validate_request', () => validateChatRequest(body));
  trace.model = request.model;
  trace.stream = request.stream;

  const [canary] = await traceStep(trace, 'load_screening_context', () => Promise.all([getDefaultPromptCanary(tenant.id), refreshCanaryRegistry()]));
  recordToolRequest(trace, request.options.tools as ChatTool[] | undefined, request.messages);
  const screened = await traceStep(
    trace,
    'screen_input',
    () => screenInputChannels(request.messages, { tenant, ownCanaries: [canary], policy: tenant.settings.screening }),
    (result) => ({ action: result.action, findings: result.findings.length }),
  );
  trace.input = { action: screened.action, reasons: screened.reasons };
  const inputIncidents = deriveIncidents({
    tenantId: tenant.id,
    requestId: trace.requestId,
    inputFindings: screened.findings,
    outputFindings: [],
    foreignTenantIds: [],
    inputForeignTenantIds: screened.conversationForeignTenantIds,
    toolResultForeignTenantIds: screened.toolResultForeignTenantIds,
  });
  if (inputIncidents.length > 0) trace.incidents = await openIncidents(inputIncidents, tenant.id);
  if (screened.action === 'block') {
    const where = screened.blockedChannel === 'tool_result' ? 'input screening of a tool result' : 'input screening';
    throw new GatewayError(403, `The request was blocked by ${where}.`, 'input_blocked');
  }

  const chunks = await traceStep(
    trace,
    'retrieve_context',
    () => deps.contextRetriever.retrieve({ tenantId: tenant.id, text: selectRetrievalQuery(request.messages), requestId: trace.requestId }),
    (found) => ({ chunks: found.length }),
  );
  trace.retrieval = { chunks: chunks.map((chunk) => ({ id: chunk.id, source: chunk.source })) };
  await assertNoForeignCanaryInContext(chunks.map((chunk) => chunk.text).join('\n'), tenant, trace);

  const config = await traceStep(trace, 'assemble_prompt', () => loadPromptConfig(tenant, canary, choice, deps));
  trace.prompt = { version: config.version, configId: config.configId, versionId: config.versionId, chosen: choice !== undefined };
  const messages = assemblePrompt(config, chunks, request.messages);

  const endpoint = await traceStep(trace, 'route_endpoint', () => routeEndpoint(tenant, request.model));
  assertEndpointSupports(endpoint, request.options, request.messages, tenant.settings);
  const saltSent = acceptsCacheSalt(endpoint);
  const cacheSalt = saltSent ? computeCacheSalt(tenant.id) : null;
  trace.endpoint = { id: endpoint.id, name: endpoint.name, kind: endpoint.kind, tier: tenant.tiers.prompt, scope: endpoint.scope };
  trace.cacheIsolation = { saltSent };

  return {
    request,
    endpoint,
    upstreamBody: buildUpstreamBody(request, messages, endpoint, cacheSalt, config.sampling, hashEndUserFields(tenant.id, request.endUser)),
    ownCanaries: config.canaries,
    inputFindings: screened.findings,
    requestText: describeConversation(request.messages),
  };
}

/**
 * The live version, or the one the playground user chose. A chosen id this tenant does not hold is
 * refused with the same words whether it never existed or belongs to another tenant.
 */
async function loadPromptConfig(tenant: GatewayTenant, canary: string, choice: PromptChoice | undefined, deps: PipelineDependencies): Promise<PromptConfig> {
  if (!choice) return deps.promptConfigSource.getActiveConfig(tenant, canary);
  const chosen = await deps.promptConfigSource.getChosenConfig(tenant, choice);
  if (!chosen)
    throw new GatewayError(404, 'That prompt configuration or version was not found, or has no active version. Choose another.', 'prompt_not_found', 'prompt');
  return chosen;
}

/** Retrieved text holding another tenant's canary means retrieval crossed tenants: stop before the model sees it. */
async function assertNoForeignCanaryInContext(text: string, tenant: GatewayTenant, trace: DecisionTrace) {
  if (!text) return;
  const owners = findForeignCanaryOwners(text, tenant);
  if (owners.length === 0) return;
  const drafts = deriveIncidents({
    tenantId: tenant.id,
    requestId: trace.requestId,
    inputFindings: [],
    outputFindings: [],
    foreignTenantIds: [],
    retrievalForeignTenantIds: owners,
  });
  trace.incidents = [...(trace.incidents ?? []), ...(await openIncidents(drafts, tenant.id))];
  throw new GatewayError(503, 'The request was stopped: retrieved context failed an isolation check.', 'retrieval_isolation_failure');
}
