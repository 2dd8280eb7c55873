import 'server-only';
import { decryptForTenant } from '@/lib/kms';
import type { AuditEvent } from '../event';

export type InferencePhase = 'request' | 'stream_start' | 'stream_end';

const PHASES: readonly InferencePhase[] = ['request', 'stream_start', 'stream_end'];

/**
 * An `inference.request` event's payload in clear, for a caller already authorized to read the
 * tenant's audit log: as stored at the namespace log tier, opened with the tenant's key at the
 * encrypting tiers. The seal binds the phase, so phases are tried in `likelyPhases` order first (a
 * wrong guess is a refused decryption, which the key audit records: callers that know the phase say
 * so). null when the event is not an inference event or its payload cannot be opened (a shredded key).
 */
export async function openInferencePayload(
  tenantId: string,
  event: AuditEvent,
  likelyPhases: readonly InferencePhase[] = PHASES,
): Promise<Record<string, unknown> | null> {
  if (event.action !== 'inference.request' || !event.payload || typeof event.payload !== 'object' || Array.isArray(event.payload)) return null;
  const body = event.payload as Record<string, unknown>;
  if (typeof body.encrypted !== 'string') return body;
  const order = [...likelyPhases, ...PHASES.filter((phase) => !likelyPhases.includes(phase))];
  for (const phase of order) {
    try {
      const plaintext = await decryptForTenant(
        { tenantId, purpose: 'audit_payload', recordId: `inference:${event.requestId}:${phase}`, keyOwner: 'tenant' },
        body.encrypted,
      );
      return JSON.parse(plaintext.toString('utf8'));
    } catch {
      // Another phase's binding, or a key that is gone: try the next, then give up.
    }
  }
  return null;
}
