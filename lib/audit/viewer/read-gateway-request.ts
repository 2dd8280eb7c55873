import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { NotFoundError } from '@/lib/errors';
import type { AuditEvent } from '../event';
import { getAuditChainStore } from '../store/chain-store';
import { INFERENCE_ACTION } from '../store/request-query-sql';
import { openInferencePayload, type InferencePhase } from './open-inference-payload';
import { recordPlatformAuditAccess } from './record-audit-access';

/** Events sharing one request id: the gateway's one or two, and what the request caused (retrieval reads, incidents). */
const MAX_REQUEST_EVENTS = 100;

/** What the request page shows: the stored decision trace, never prompt or answer text. */
export interface GatewayRequestDetail {
  requestId: string;
  time: string;
  principal: { type: string; id: string; label: string | null };
  outcome: string;
  /** The phase of the latest gateway event: `stream_start` while a stream has not ended. */
  phase: string;
  /** The gateway's decision trace as stored (lib/enforcement/decision-trace.ts); null when its key is gone. */
  trace: Record<string, unknown> | null;
  /** Every event of the chain with this request id, oldest first. */
  events: { seq: number; time: string; action: string; outcome: string }[];
  /** The tenant's policy kept the prompt or the answer: readPayload can show them (and records that it did). */
  hasStoredText: boolean;
}

/** The gateway events of a request in clear, oldest first; NotFoundError when the tenant's chain has none. */
export async function openGatewayRequestEvents(tenantId: string, requestId: string): Promise<{ events: AuditEvent[]; bodies: Record<string, unknown>[] }> {
  const page = await getAuditChainStore(tenantId).findEvents({ requestId, limit: MAX_REQUEST_EVENTS });
  const events = [...page.events].reverse();
  const gatewayEvents = events.filter((event) => event.action === INFERENCE_ACTION);
  if (gatewayEvents.length === 0) throw new NotFoundError('No gateway request with this id is in this tenant’s log.');
  // A stream has two events: the first is its start, the second its end.
  const likelyPhases = (index: number): InferencePhase[] =>
    gatewayEvents.length === 1 ? ['request', 'stream_start'] : [index === 0 ? 'stream_start' : 'stream_end'];
  const bodies = await Promise.all(gatewayEvents.map((event, index) => openInferencePayload(tenantId, event, likelyPhases(index))));
  return { events, bodies: bodies.map((body) => body ?? {}) };
}

/**
 * One request of an authorized tenant (audit.read) with its decision trace, read through the tenant's
 * chain store like the audit log; a platform admin's read is recorded in the tenant's chain first.
 * @throws NotFoundError when the tenant's chain holds no gateway event with this id (another tenant's request reads the same)
 */
export async function readGatewayRequest(access: TenantAccess, requestId: string, context: { requestId: string }): Promise<GatewayRequestDetail> {
  await recordPlatformAuditAccess(access, { requestId: context.requestId, via: 'console', what: 'request', query: { requestId } });
  const { events, bodies } = await openGatewayRequestEvents(access.tenant.id, requestId);
  const gatewayEvents = events.filter((event) => event.action === INFERENCE_ACTION);
  const latest = gatewayEvents[gatewayEvents.length - 1];
  const latestBody = bodies[bodies.length - 1];
  return {
    requestId,
    time: gatewayEvents[0].time,
    principal: { type: latest.actor.type, id: latest.actor.id, label: latest.actor.label ?? null },
    outcome: latest.outcome,
    phase: String(latestBody.phase ?? 'request'),
    trace: (latestBody.trace as Record<string, unknown> | undefined) ?? null,
    events: events.map((event) => ({ seq: event.seq, time: event.time, action: event.action, outcome: event.outcome })),
    hasStoredText: bodies.some((body) => typeof body.requestText === 'string' || typeof body.answerText === 'string'),
  };
}
