import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { UserFacingError } from '@/lib/errors';
import { openGatewayRequestEvents } from './read-gateway-request';
import { recordRequestPayloadRead } from './record-platform-content-read';

export interface GatewayRequestPayload {
  /** What the client sent as the gateway screened it; null when not kept. */
  requestText: string | null;
  /** What the client was answered; null when not kept (or the request was refused before an answer). */
  answerText: string | null;
}

/**
 * A request's stored prompt and answer, decrypted on the server for a reader holding audit.read on
 * the tenant, after the read is recorded in the tenant's chain (fail closed: no event, no text).
 * Only where the tenant's policy kept them (gateway setting "store payloads") when the request ran.
 * @throws NotFoundError when the tenant's chain has no such request; UserFacingError 409 when nothing was kept
 */
export async function readRequestPayload(access: TenantAccess, gatewayRequestId: string, context: { requestId: string }): Promise<GatewayRequestPayload> {
  const { bodies } = await openGatewayRequestEvents(access.tenant.id, gatewayRequestId);
  const pick = (field: 'requestText' | 'answerText') =>
    bodies
      .map((body) => body[field])
      .filter((value): value is string => typeof value === 'string')
      .at(-1) ?? null;
  const payload = { requestText: pick('requestText'), answerText: pick('answerText') };
  if (payload.requestText === null && payload.answerText === null) {
    throw new UserFacingError('This request’s prompt and answer were not kept: the tenant’s gateway settings did not store payloads when it ran.', 409);
  }
  await recordRequestPayloadRead(access, gatewayRequestId, context);
  return payload;
}
