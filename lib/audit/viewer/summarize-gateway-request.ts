import 'server-only';
import type { GatewayRequestEvent } from '../store/chain-store';
import { openInferencePayload, type InferencePhase } from './open-inference-payload';

interface StoredVerdict {
  action: string;
  reasons: string[];
}
// The parts of the gateway's decision trace the list shows, as the audit event stores them (the audit
// layer sits below the gateway, so it names the stored shape instead of importing the gateway's type).
interface StoredTraceSummary {
  api?: string;
  model?: string;
  stream?: boolean;
  input?: StoredVerdict;
  output?: StoredVerdict;
  usage?: { promptTokens: number; completionTokens: number };
  upstreamMs?: number;
  overheadMs?: number;
  incidents?: string[];
  error?: { code: string };
}

/** One row of the requests list: the clear columns of the request's latest event and the decision fields of its trace. */
export interface GatewayRequestSummary {
  requestId: string;
  seq: number;
  time: string;
  principal: { type: string; id: string; label: string | null };
  model: string | null;
  outcome: string;
  api: string;
  isStream: boolean;
  /** A stream whose end is not recorded yet. */
  isInProgress: boolean;
  upstreamMs: number | null;
  overheadMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  /** Input and output screening reasons (rule ids), input first. */
  reasons: string[];
  errorCode: string | null;
  incidents: number;
  /** False when the payload could not be opened (its key was destroyed): only the clear columns are known. */
  isReadable: boolean;
}

/**
 * A request's row, decrypting its latest event's payload where the log tier seals it. Prompt and
 * answer text never enter the summary, whatever the payload holds.
 */
export async function summarizeGatewayRequest(tenantId: string, { event, followsStart }: GatewayRequestEvent): Promise<GatewayRequestSummary> {
  const phases: InferencePhase[] = followsStart ? ['stream_end'] : ['request', 'stream_start'];
  const body = await openInferencePayload(tenantId, event, phases);
  const trace = (body?.trace ?? null) as StoredTraceSummary | null;
  const targetModel = event.target?.startsWith('model:') ? event.target.slice('model:'.length) : null;
  return {
    requestId: event.requestId,
    seq: event.seq,
    time: event.time,
    principal: { type: event.actor.type, id: event.actor.id, label: event.actor.label ?? null },
    model: trace?.model ?? targetModel,
    outcome: event.outcome,
    api: trace?.api ?? 'chat.completions',
    isStream: trace?.stream === true || followsStart || body?.phase === 'stream_start',
    isInProgress: body?.phase === 'stream_start',
    upstreamMs: trace?.upstreamMs ?? null,
    overheadMs: trace?.overheadMs ?? null,
    tokensIn: trace?.usage?.promptTokens ?? null,
    tokensOut: trace?.usage?.completionTokens ?? null,
    reasons: [...(trace?.input?.reasons ?? []), ...(trace?.output?.reasons ?? [])],
    errorCode: trace?.error?.code ?? null,
    incidents: trace?.incidents?.length ?? 0,
    isReadable: trace !== null,
  };
}
