import 'server-only';
import { callUpstream } from './call-upstream';
import { getCanaryOwner } from '@/lib/canaries/canary-registry';
import { createDecisionTrace, roundMs, traceStep, type DecisionTrace } from './decision-trace';
import { GatewayError, toGatewayError } from './gateway-error';
import { countRateLimitRefusal } from './gateway-metrics';
import { deriveIncidents } from '@/lib/control/incidents/derive-incidents';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import { createCompletionBody, createResponseIdentity } from './openai-shapes';
import { getPipelineDependencies, type PipelineDependencies } from './pipeline-config';
import { prepareRequest, type PreparedRequest } from './prepare-request';
import { recordDecision } from './record-decision';
import type { GatewayPrincipal } from './resolve-principal';
import type { GatewayApi, PipelineRequest, PipelineResult } from './pipeline-types';
import { startStream } from './run-stream';
import { describeAnswer, screenCompleteChoices } from './screen-answer-step';
import { recordToolCalls } from './tool-trace';
import { getGatewayTenant, type GatewayTenant } from './tenant-config';

export type { GatewayApi, PipelineRequest, PipelineResult };

/**
 * The one inference path (API and playground): resolve the tenant (already done by the caller's
 * resolve-principal), rate-limit, validate, screen input, retrieve, assemble, route, call the
 * upstream, screen output, append the audit event. Every refusal after the tenant is known is
 * audited before it is returned; if that append fails the caller gets 503 audit_unavailable and
 * no answer. Rate-limited requests are refused before any work and not audited (a flood must not
 * turn into audit writes).
 * @throws GatewayError with the status and OpenAI-style body to send
 */
export async function runPipeline(input: PipelineRequest): Promise<PipelineResult> {
  return runAuditedRequest(input, async (tenant, trace, deps) => {
    const translate = input.translateBody;
    const body = translate ? await traceStep(trace, 'translate_request', () => translate(input.body)) : input.body;
    const prepared = await prepareRequest(tenant, body, trace, deps, input.principal.promptChoice);
    if (prepared.request.stream) return await startStream(tenant, input.principal, prepared, trace, input);
    return await completeRequest(tenant, input.principal, prepared, trace, input);
  });
}

/**
 * The frame every API of the gateway runs in (chat completions, embeddings, responses): the trace,
 * the tenant, the rate limit, and the audited refusal. `run` does the API's own steps.
 * @throws GatewayError with the status and OpenAI-style body to send
 */
export async function runAuditedRequest<T>(
  input: PipelineRequest,
  run: (tenant: GatewayTenant, trace: DecisionTrace, deps: PipelineDependencies) => Promise<T>,
): Promise<T> {
  const { principal, requestId } = input;
  const deps = getPipelineDependencies();
  const trace = createDecisionTrace(requestId, principal.tenantId, { type: principal.kind, id: principal.actor.id });
  if (input.api && input.api !== 'chat.completions') trace.api = input.api;
  const tenant = await traceStep(trace, 'load_tenant', () => getGatewayTenant(principal.tenantId));
  try {
    await deps.limiter.take(tenant.id, { perMinute: tenant.settings.requestsPerMinute, burst: tenant.settings.burst });
  } catch (error) {
    if (error instanceof GatewayError && error.status === 429) countRateLimitRefusal(tenant.id);
    throw error;
  }
  try {
    return await run(tenant, trace, deps);
  } catch (error) {
    const failure = toGatewayError(error, requestId);
    if (failure.code === 'audit_unavailable') throw failure;
    trace.error = { status: failure.status, code: failure.code };
    trace.outcome = failure.status === 403 ? 'blocked' : failure.status < 500 ? 'denied' : 'failure';
    await recordDecision(tenant, { trace, actor: principal.actor, outcome: trace.outcome, phase: 'request' });
    failure.trace = trace;
    throw failure;
  }
}

async function completeRequest(
  tenant: GatewayTenant,
  principal: GatewayPrincipal,
  prepared: PreparedRequest,
  trace: DecisionTrace,
  input: PipelineRequest,
): Promise<PipelineResult> {
  const upstreamStarted = performance.now();
  const answer = await traceStep(trace, 'call_upstream', () => callUpstream(prepared.endpoint, prepared.upstreamBody, input.signal));
  trace.upstreamMs = roundMs(performance.now() - upstreamStarted);
  trace.usage = answer.usage ?? undefined;

  const { choices, verdict } = await traceStep(
    trace,
    'screen_output',
    () => screenCompleteChoices(answer.choices, { tenantId: tenant.id, ownCanaries: prepared.ownCanaries, getCanaryOwner, policy: tenant.settings.screening }),
    (result) => ({ action: result.verdict.action }),
  );
  recordToolCalls(
    trace,
    choices.flatMap((choice) => choice.toolCalls),
  );
  trace.output = { action: verdict.action, reasons: verdict.reasons };
  const drafts = deriveIncidents({
    tenantId: tenant.id,
    requestId: trace.requestId,
    inputFindings: [],
    outputFindings: verdict.findings,
    foreignTenantIds: verdict.foreignTenantIds,
  });
  if (drafts.length > 0) trace.incidents = [...(trace.incidents ?? []), ...(await openIncidents(drafts, tenant.id))];
  if (verdict.action === 'block') throw new GatewayError(403, 'The answer was blocked by output screening.', 'output_blocked');

  trace.outcome = verdict.action === 'allow' && trace.input?.action === 'allow' ? 'success' : 'flagged';
  trace.overheadMs = roundMs(performance.now() - input.startedAt - trace.upstreamMs);
  await traceStep(trace, 'record_decision', () =>
    recordDecision(tenant, {
      trace,
      actor: principal.actor,
      outcome: trace.outcome!,
      phase: 'request',
      requestText: prepared.requestText,
      answerText: describeAnswer(choices),
    }),
  );
  const identity = createResponseIdentity(trace.requestId, prepared.request.model);
  return { kind: 'completion', completion: createCompletionBody(identity, choices, answer.usage), trace };
}
