import 'server-only';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { NotFoundError } from '@/lib/errors';
import { getIdentityClient } from '@/lib/tenancy/identity';
import type { Principal } from './principal';

export interface OwnSession {
  /** The stored SHA-256 of the session token: names the session without being able to open it. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  isCurrent: boolean;
}

/** The signed-in user's open sessions, this browser's marked. */
export async function findOwnSessions(principal: Principal): Promise<OwnSession[]> {
  const rows = await getIdentityClient().session.findMany({
    where: { userId: principal.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { tokenHash: true, createdAt: true, lastSeenAt: true, expiresAt: true },
  });
  return rows.map((row) => ({
    id: row.tokenHash,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    isCurrent: row.tokenHash === principal.sessionTokenHash,
  }));
}

/** Ends one of the user's own sessions; another user's session id matches nothing (404). */
export async function revokeOwnSession(principal: Principal, input: { sessionId: string; requestId: string }): Promise<void> {
  const { count } = await getIdentityClient().session.updateMany({
    where: { tokenHash: input.sessionId, userId: principal.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError('That session is already closed.');
  await recordAuditEvent({
    tenantId: PLATFORM_CHAIN_ID,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'auth.session_revoke',
    target: `user:${principal.userId}`,
    requestId: input.requestId,
    outcome: 'success',
    payload: { isCurrent: input.sessionId === principal.sessionTokenHash },
  });
}
