import 'server-only';
import { streamUpstream, type UpstreamUsage } from './call-upstream';
import { getCanaryOwner } from '@/lib/canaries/canary-registry';
import { roundMs, traceStep, type DecisionTrace } from './decision-trace';
import { GatewayError, toGatewayError } from './gateway-error';
import { deriveIncidents } from '@/lib/control/incidents/derive-incidents';
import { openIncidents } from '@/lib/control/incidents/open-incidents';
import { createChunkBody, createResponseIdentity, type ToolCallDelta } from './openai-shapes';
import type { PreparedRequest } from './prepare-request';
import { auditUnavailable, recordDecision } from './record-decision';
import type { GatewayPrincipal } from './resolve-principal';
import type { PipelineRequest, PipelineResult, StreamEvent } from './pipeline-types';
import { combineActions } from './screen-answer-step';
import { createOutputScreen, type OutputScreenVerdict } from './screen-output-step';
import { createToolCallStreamScreen } from './stream-tool-calls';
import { recordToolCalls } from './tool-trace';
import { logEvent } from '@/lib/log/logger';
import type { GatewayTenant } from './tenant-config';

export type { StreamEvent };

/** How a stream the client abandoned is traced (499: nginx's "client closed request"). */
const CLIENT_GONE = { status: 499, code: 'client_closed' };

/**
 * Streaming steps 6b to 8. The upstream must answer with headers first (a dead upstream is still
 * an HTTP error). Then the `stream_start` audit event commits BEFORE the first byte, so no part of
 * an answer leaves unaudited; text goes through the output screen chunk by chunk; at the end the
 * `stream_end` event (verdict, usage, overhead) commits before the closing `[DONE]`. A block, an
 * upstream failure or a failed final append ends the stream with an OpenAI error event instead.
 * A client that leaves mid-stream still gets its `stream_end` (outcome failure, code client_closed)
 * with the text it was sent up to then.
 */
export async function startStream(
  tenant: GatewayTenant,
  principal: GatewayPrincipal,
  prepared: PreparedRequest,
  trace: DecisionTrace,
  input: PipelineRequest,
): Promise<PipelineResult> {
  const opened = performance.now();
  const upstream = await traceStep(trace, 'open_upstream', () => streamUpstream(prepared.endpoint, prepared.upstreamBody, input.signal));
  let upstreamMs = performance.now() - opened;
  trace.outcome = 'success';
  await traceStep(trace, 'record_stream_start', () =>
    recordDecision(tenant, { trace, actor: principal.actor, outcome: 'success', phase: 'stream_start', requestText: prepared.requestText }),
  );
  // The upstream's deadline ran on while the start event waited for the audit path (a held chain head, a
  // stalled log server). Past it, the upstream answered but the audit path stalled: say so, not "timeout".
  if (upstream.failure()?.code === 'upstream_timeout') await refuseStalledStream(tenant, principal, trace, upstream);

  const identity = createResponseIdentity(trace.requestId, prepared.request.model);
  const screenContext = { tenantId: tenant.id, ownCanaries: prepared.ownCanaries, getCanaryOwner, policy: tenant.settings.screening };
  const screen = createOutputScreen(screenContext);
  const toolScreen = createToolCallStreamScreen(screenContext);

  async function* generate(): AsyncGenerator<StreamEvent> {
    let sent = '';
    let usage: UpstreamUsage | null = null;
    let finishReason = 'stop';
    let failure: GatewayError | null = null;
    let isFirst = true;
    let isRecorded = false;
    const emit = (content: string) => {
      sent += content;
      const body = createChunkBody(identity, { content, isFirst });
      isFirst = false;
      return { type: 'chunk' as const, body };
    };
    const emitToolCalls = (toolCalls: ToolCallDelta[]) => {
      const body = createChunkBody(identity, { toolCalls, isFirst });
      isFirst = false;
      return { type: 'chunk' as const, body };
    };
    const blocked = () => new GatewayError(403, 'The answer was blocked by output screening.', 'output_blocked');
    /** Derives incidents and commits `stream_end` with what the client was sent; returns the failure, if any. */
    const recordEnd = async (cause: GatewayError | { status: number; code: string } | null): Promise<GatewayError | null> => {
      isRecorded = true;
      let endFailure = cause instanceof GatewayError ? cause : null;
      const verdict = mergeVerdicts([screen.verdict(), ...toolScreen.verdicts()]);
      const sentCalls = toolScreen.sentCalls();
      recordToolCalls(trace, sentCalls);
      trace.output = { action: verdict.action, reasons: verdict.reasons };
      trace.usage = usage ?? undefined;
      trace.upstreamMs = roundMs(upstreamMs);
      const drafts = deriveIncidents({
        tenantId: tenant.id,
        requestId: trace.requestId,
        inputFindings: [],
        outputFindings: verdict.findings,
        foreignTenantIds: verdict.foreignTenantIds,
      });
      try {
        if (drafts.length > 0) trace.incidents = [...(trace.incidents ?? []), ...(await openIncidents(drafts, tenant.id))];
      } catch {
        endFailure ??= new GatewayError(503, 'The gateway could not record an incident.', 'incident_unavailable');
      }
      const error = endFailure ?? cause;
      if (error) trace.error = { status: error.status, code: error.code };
      trace.outcome = error
        ? error.status === 403
          ? 'blocked'
          : 'failure'
        : verdict.action === 'allow' && trace.input?.action === 'allow'
          ? 'success'
          : 'flagged';
      trace.overheadMs = roundMs(performance.now() - input.startedAt - upstreamMs);
      try {
        await recordDecision(tenant, {
          trace,
          actor: principal.actor,
          outcome: trace.outcome,
          phase: 'stream_end',
          answerText: [sent, ...sentCalls.map((call) => `tool_call ${call.function.name}(${call.function.arguments})`)].filter(Boolean).join('\n'),
        });
      } catch (error) {
        endFailure ??= toGatewayError(error, trace.requestId);
      }
      return endFailure;
    };
    const recordClientGone = async () => {
      await upstream.return(undefined).catch(() => {});
      try {
        await recordEnd(CLIENT_GONE);
      } catch (error) {
        logEvent('error', 'stream_end after the client left could not be recorded', { requestId: trace.requestId, error });
      }
    };
    try {
      try {
        for (;;) {
          const waited = performance.now();
          const next = await upstream.next();
          upstreamMs += performance.now() - waited;
          if (next.done) break;
          const delta = next.value;
          if (delta.type === 'usage') usage = delta.usage;
          else if (delta.type === 'finish') finishReason = delta.reason;
          else if (delta.type === 'tool_call') {
            const step = toolScreen.push(delta);
            if (step.action === 'block') {
              failure = blocked();
              break;
            }
            if (step.deltas.length > 0) yield emitToolCalls(step.deltas);
          } else {
            const step = screen.push(delta.text);
            if (step.action === 'block') {
              failure = blocked();
              break;
            }
            if (step.safeText) yield emit(step.safeText);
          }
        }
        if (!failure) {
          const last = screen.end();
          const lastCalls = toolScreen.end();
          if (last.action === 'block' || lastCalls.action === 'block') failure = blocked();
          else {
            if (last.safeText) yield emit(last.safeText);
            if (lastCalls.deltas.length > 0) yield emitToolCalls(lastCalls.deltas);
          }
        }
      } catch (error) {
        if (input.signal?.aborted) return;
        failure = toGatewayError(error, trace.requestId);
      }
      if (failure) await upstream.return(undefined).catch(() => {});
      failure = await recordEnd(failure);
      if (failure) {
        yield { type: 'error', error: failure, trace };
        return;
      }
      yield { type: 'chunk', body: createChunkBody(identity, { finishReason }) };
      if (prepared.request.includeUsage) yield { type: 'chunk', body: createChunkBody(identity, { usage }) };
      yield { type: 'end', overheadMs: trace.overheadMs ?? 0, trace };
    } finally {
      // The client left mid-stream (the consumer closed this generator, or the request's signal
      // stopped the upstream): the audit chain still gets `stream_end` with exactly what was sent.
      if (!isRecorded) await recordClientGone();
    }
  }

  return { kind: 'stream', events: generate(), trace };
}

/**
 * Nothing of the answer has been sent: the stream is closed in the log (`stream_end`, failure, empty
 * answer) and the client gets 503 audit_unavailable instead of a stream.
 * @throws GatewayError 503 audit_unavailable, always
 */
async function refuseStalledStream(
  tenant: GatewayTenant,
  principal: GatewayPrincipal,
  trace: DecisionTrace,
  upstream: AsyncGenerator<unknown>,
): Promise<never> {
  await upstream.return(undefined).catch(() => {});
  const refusal = auditUnavailable(trace.requestId, 'did not record this request in time');
  trace.outcome = 'failure';
  trace.error = { status: refusal.status, code: refusal.code };
  try {
    await recordDecision(tenant, { trace, actor: principal.actor, outcome: 'failure', phase: 'stream_end', answerText: '' });
  } catch (error) {
    logEvent('error', 'stream_end of a stream refused for a stalled audit path could not be recorded', { requestId: trace.requestId, error });
  }
  throw refusal;
}

function mergeVerdicts(verdicts: readonly OutputScreenVerdict[]): OutputScreenVerdict {
  return {
    action: verdicts.reduce((action, verdict) => combineActions(action, verdict.action), 'allow' as OutputScreenVerdict['action']),
    reasons: [...new Set(verdicts.flatMap((verdict) => verdict.reasons))],
    findings: verdicts.flatMap((verdict) => verdict.findings),
    foreignTenantIds: [...new Set(verdicts.flatMap((verdict) => verdict.foreignTenantIds))],
  };
}
