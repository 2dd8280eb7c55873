import { streamUpstream, type UpstreamUsage } from './call-upstream';
import { getCanaryOwner } from '@/lib/canaries/canary-registry';
import { roundMs, traceStep, type DecisionTrace } from './decision-trace';
import { GatewayError, toGatewayError } from './gateway-error';
import { deriveIncidents } from '@/lib/control/incidents/derive-incidents';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import { createChunkBody, createResponseIdentity } from './openai-shapes';
import type { PreparedRequest } from './prepare-request';
import { recordDecision } from './record-decision';
import type { GatewayPrincipal } from './resolve-principal';
import type { PipelineRequest, PipelineResult, StreamEvent } from './pipeline-types';
import { createOutputScreen } from './screen-output-step';
import type { GatewayTenant } from './tenant-config';

export type { StreamEvent };

/**
 * Streaming steps 6b to 8. The upstream must answer with headers first (a dead upstream is still
 * an HTTP error). Then the `stream_start` audit event commits BEFORE the first byte, so no part of
 * an answer leaves unaudited; text goes through the output screen chunk by chunk; at the end the
 * `stream_end` event (verdict, usage, overhead) commits before the closing `[DONE]`. A block, an
 * upstream failure or a failed final append ends the stream with an OpenAI error event instead.
 */
export async function startStream(tenant: GatewayTenant, principal: GatewayPrincipal, prepared: PreparedRequest, trace: DecisionTrace, input: PipelineRequest): Promise<PipelineResult> {
  const opened = performance.now();
  const upstream = await traceStep(trace, 'open_upstream', () => streamUpstream(prepared.endpoint, prepared.upstreamBody, input.signal));
  let upstreamMs = performance.now() - opened;
  trace.outcome = 'success';
  await traceStep(trace, 'record_stream_start', () => recordDecision(tenant, { trace, actor: principal.actor, outcome: 'success', phase: 'stream_start', requestText: prepared.requestText }));

  const identity = createResponseIdentity(trace.requestId, prepared.request.model);
  const screen = createOutputScreen({ tenantId: tenant.id, ownCanaries: prepared.ownCanaries, getCanaryOwner, policy: tenant.settings.screening });

  async function* generate(): AsyncGenerator<StreamEvent> {
    let sent = '';
    let usage: UpstreamUsage | null = null;
    let finishReason = 'stop';
    let failure: GatewayError | null = null;
    let isFirst = true;
    const emit = (content: string) => {
      sent += content;
      const body = createChunkBody(identity, { content, isFirst });
      isFirst = false;
      return { type: 'chunk' as const, body };
    };
    try {
      for (;;) {
        const waited = performance.now();
        const next = await upstream.next();
        upstreamMs += performance.now() - waited;
        if (next.done) break;
        const delta = next.value;
        if (delta.type === 'usage') usage = delta.usage;
        else if (delta.type === 'finish') finishReason = delta.reason;
        else {
          const step = screen.push(delta.text);
          if (step.action === 'block') {
            failure = new GatewayError(403, 'The answer was blocked by output screening.', 'output_blocked');
            break;
          }
          if (step.safeText) yield emit(step.safeText);
        }
      }
      if (!failure) {
        const last = screen.end();
        if (last.action === 'block') failure = new GatewayError(403, 'The answer was blocked by output screening.', 'output_blocked');
        else if (last.safeText) yield emit(last.safeText);
      }
    } catch (error) {
      failure = toGatewayError(error, trace.requestId);
    }
    if (failure) await upstream.return(undefined).catch(() => {});

    const verdict = screen.verdict();
    trace.output = { action: verdict.action, reasons: verdict.reasons };
    trace.usage = usage ?? undefined;
    trace.upstreamMs = roundMs(upstreamMs);
    const drafts = deriveIncidents({ tenantId: tenant.id, requestId: trace.requestId, inputFindings: [], outputFindings: verdict.findings, foreignTenantIds: verdict.foreignTenantIds });
    try {
      if (drafts.length > 0) trace.incidents = [...(trace.incidents ?? []), ...(await openIncidents(drafts, tenant.id))];
    } catch {
      failure ??= new GatewayError(503, 'The gateway could not record an incident.', 'incident_unavailable');
    }
    if (failure) trace.error = { status: failure.status, code: failure.code };
    trace.outcome = failure ? (failure.status === 403 ? 'blocked' : 'failure') : verdict.action === 'allow' && trace.input?.action === 'allow' ? 'success' : 'flagged';
    trace.overheadMs = roundMs(performance.now() - input.startedAt - upstreamMs);
    try {
      await recordDecision(tenant, { trace, actor: principal.actor, outcome: trace.outcome, phase: 'stream_end', answerText: sent });
    } catch (error) {
      failure ??= toGatewayError(error, trace.requestId);
    }
    if (failure) {
      yield { type: 'error', error: failure, trace };
      return;
    }
    yield { type: 'chunk', body: createChunkBody(identity, { finishReason }) };
    if (prepared.request.includeUsage) yield { type: 'chunk', body: createChunkBody(identity, { usage }) };
    yield { type: 'end', overheadMs: trace.overheadMs, trace };
  }

  return { kind: 'stream', events: generate(), trace };
}
