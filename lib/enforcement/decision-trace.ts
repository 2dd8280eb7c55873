import 'server-only';
import type { ScreeningAction } from '@/lib/screening/decide';

/** One pipeline step as the trace shows it: how long it took and what it decided. */
export interface TraceStep {
  name: string;
  ms: number;
  detail?: Record<string, unknown>;
}

/**
 * What happened to one request, built along the pipeline: the playground's side panel shows it
 * and the audit event stores it. It holds verdicts, ids and timings, never prompt or answer text.
 */
export interface DecisionTrace {
  requestId: string;
  tenantId: string;
  principal: { type: 'api_key' | 'user'; id: string };
  /** Set for APIs other than chat completions ('embeddings', 'responses'). */
  api?: string;
  model?: string;
  stream?: boolean;
  steps: TraceStep[];
  input?: { action: ScreeningAction; reasons: string[] };
  /** The prompt version the answer was assembled with; `chosen` when the playground user picked it instead of the live default. */
  prompt?: { version: string; configId?: string; versionId?: string; chosen: boolean };
  retrieval?: { chunks: { id: string; source: string }[] };
  /** Tools offered, tool results the client sent back (by call id), and tool calls the model made (names and ids, never arguments). */
  tools?: { offered: string[]; results: string[]; calls: { id: string; name: string }[] };
  endpoint?: { id: string; name: string; kind: string; tier: string; scope: 'shared' | 'dedicated' };
  cacheIsolation?: { saltSent: boolean };
  output?: { action: ScreeningAction; reasons: string[] };
  usage?: { promptTokens: number; completionTokens: number; cachedTokens: number };
  upstreamMs?: number;
  overheadMs?: number;
  incidents?: string[];
  outcome?: 'success' | 'blocked' | 'failure' | 'flagged' | 'denied';
  error?: { status: number; code: string };
}

export function createDecisionTrace(requestId: string, tenantId: string, principal: DecisionTrace['principal']): DecisionTrace {
  return { requestId, tenantId, principal, steps: [] };
}

/** Runs one step and records its duration (also when it throws), so the trace shows where time went. */
export async function traceStep<T>(
  trace: DecisionTrace,
  name: string,
  run: () => Promise<T> | T,
  describe?: (result: T) => Record<string, unknown>,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    trace.steps.push({ name, ms: roundMs(performance.now() - started), ...(describe ? { detail: describe(result) } : {}) });
    return result;
  } catch (error) {
    trace.steps.push({ name, ms: roundMs(performance.now() - started), detail: { failed: true } });
    throw error;
  }
}

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
