import 'server-only';
import type { AuditEvent } from '../event';
import { openInferencePayload } from './open-inference-payload';

// The parts of the gateway's decision trace read here, as the audit event stores them (the audit
// layer sits below the gateway, so it names the stored shape instead of importing the gateway's type).
interface Verdict {
  action: string;
  reasons: string[];
}
interface StoredTrace {
  model?: string;
  input?: Verdict;
  output?: Verdict;
  endpoint?: { id: string; name: string; kind: string; tier: string; scope: string };
  prompt?: { version: string; versionId?: string; chosen: boolean };
  upstreamMs?: number;
  overheadMs?: number;
  incidents?: string[];
  error?: { code: string };
}

/** Why the gateway decided as it did, from an inference event: verdicts, endpoint, timings. Never prompt or answer text. */
export interface InferenceDecision {
  phase: string;
  model: string | null;
  input: Verdict | null;
  output: Verdict | null;
  endpoint: StoredTrace['endpoint'] | null;
  /** The prompt version the request was assembled with; absent in events written before it was recorded. */
  prompt: StoredTrace['prompt'] | null;
  upstreamMs: number | null;
  overheadMs: number | null;
  incidents: number;
  errorCode: string | null;
}

/**
 * The decision fields of an `inference.request` event in clear, for a caller already authorized to
 * read the tenant's audit log. At the encrypting log tiers the payload is sealed under the tenant's
 * key with the phase in its binding, so each phase is tried. null when the event is not an inference
 * event or its payload cannot be opened (a shredded key): the stored event is shown as it is.
 */
export async function readInferenceDecision(tenantId: string, event: AuditEvent): Promise<InferenceDecision | null> {
  const body = await openInferencePayload(tenantId, event);
  const trace = body?.trace as StoredTrace | undefined;
  if (!body || !trace) return null;
  return {
    phase: String(body.phase ?? 'request'),
    model: trace.model ?? null,
    input: trace.input ?? null,
    output: trace.output ?? null,
    endpoint: trace.endpoint ?? null,
    prompt: trace.prompt ?? null,
    upstreamMs: trace.upstreamMs ?? null,
    overheadMs: trace.overheadMs ?? null,
    incidents: trace.incidents?.length ?? 0,
    errorCode: trace.error?.code ?? null,
  };
}
