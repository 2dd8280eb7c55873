import 'server-only';
import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/audit/canonical-json';
import type { AuditActor, AuditOutcome, JsonValue } from '@/lib/audit/event';
import { encryptForTenant } from '@/lib/kms';
import { logEvent } from '@/lib/log/logger';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import type { DecisionTrace } from './decision-trace';
import { GatewayError } from './gateway-error';
import { recordUsage } from '@/lib/control/usage/record-usage';
import { observeGatewayDecision } from './gateway-metrics';
import type { GatewayTenant } from './tenant-config';

/** What the audit event keeps besides the trace. Texts are included only when the tenant's policy allows. */
export interface DecisionRecord {
  trace: DecisionTrace;
  actor: AuditActor;
  outcome: AuditOutcome;
  /** 'request' for a complete request; 'stream_start' / 'stream_end' for the two events of a stream. */
  phase: 'request' | 'stream_start' | 'stream_end';
  requestText?: string;
  answerText?: string;
}

/**
 * Step 8: appends the request's `inference.request` event (decision trace, endpoint, tier, usage,
 * latency, SHA-256 of prompt and answer; the texts themselves only if the tenant's policy says
 * storePayloads) and resolves once it has COMMITTED (group commit); then counts the request in the
 * gateway's metrics and the tenant's usage buckets (a request whose event could not be stored counts
 * as a failure). Tenants whose log tier is
 * schema_kms or dedicated get the payload encrypted under their own key (purpose 'audit_payload').
 * @throws GatewayError 503 audit_unavailable when the event could not be stored: the caller must not answer
 */
export async function recordDecision(tenant: GatewayTenant, record: DecisionRecord): Promise<void> {
  const { trace } = record;
  const body: Record<string, JsonValue> = {
    phase: record.phase,
    trace: JSON.parse(JSON.stringify(trace)) as JsonValue,
    tiers: tenant.tiers as unknown as JsonValue,
  };
  if (record.requestText !== undefined) body.requestSha256 = sha256(record.requestText);
  if (record.answerText !== undefined) body.answerSha256 = sha256(record.answerText);
  if (tenant.settings.storePayloads) {
    if (record.requestText !== undefined) body.requestText = record.requestText;
    if (record.answerText !== undefined) body.answerText = record.answerText;
  }
  try {
    const payload = await sealForLogTier(tenant, trace.requestId, record.phase, body);
    await recordAuditEvent({
      tenantId: tenant.id,
      actor: record.actor,
      action: 'inference.request',
      target: trace.model ? `model:${trace.model}` : null,
      requestId: trace.requestId,
      outcome: record.outcome,
      payload,
    });
    if (record.phase !== 'stream_start') countFinishedRequest(trace, record.outcome);
  } catch (error) {
    // The client's message is generic on purpose; why the log refused is for the operator, under the request id.
    logEvent('error', 'audit append failed', { requestId: trace.requestId, tenantId: tenant.id, phase: record.phase, error });
    if (record.phase !== 'stream_start') countFinishedRequest(trace, 'failure');
    throw auditUnavailable(trace.requestId, 'is unavailable');
  }
}

/**
 * The one refusal for an audit path that could not record a request (down, or stalled past the request's
 * deadline): 503, a plain message naming the audit log, the request id to quote. Nothing was answered.
 */
export function auditUnavailable(requestId: string, what: 'is unavailable' | 'did not record this request in time'): GatewayError {
  return new GatewayError(503, `The audit log ${what}, so the request was not answered. Try again shortly. Reference: ${requestId}`, 'audit_unavailable');
}

function countFinishedRequest(trace: DecisionTrace, outcome: AuditOutcome & NonNullable<DecisionTrace['outcome']>) {
  observeGatewayDecision(trace, outcome);
  recordUsage({
    tenantId: trace.tenantId,
    outcome,
    tokensIn: trace.usage?.promptTokens ?? 0,
    tokensOut: trace.usage?.completionTokens ?? 0,
    overheadMs: trace.overheadMs,
    upstreamMs: trace.upstreamMs,
  });
}

async function sealForLogTier(tenant: GatewayTenant, requestId: string, phase: string, body: Record<string, JsonValue>): Promise<JsonValue> {
  if (tenant.tiers.logs === 'namespace') return body;
  const ciphertext = await encryptForTenant(
    { tenantId: tenant.id, purpose: 'audit_payload', recordId: `inference:${requestId}:${phase}`, keyOwner: 'tenant' },
    canonicalJson(body),
  );
  return { encrypted: ciphertext };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
