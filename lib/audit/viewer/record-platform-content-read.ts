import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Permission } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { AuditAction } from '../event';
import { recordAuditEvent } from '../store/record-event';
import { isPlatformOnlyAccess } from './record-audit-access';

/** Tenant content a page decrypts for whoever may see it. */
export type TenantContentKind = 'document' | 'prompt_versions' | 'request_payload';

/**
 * Records a platform admin's read of a tenant's decrypted content (a document's chunks, a prompt
 * configuration's versions) as a `platform.content_read` event in that tenant's own chain, as
 * audit-log reads are. Call it before reading: if it cannot be recorded, the page fails and nothing
 * is shown. Reads by the tenant's own people (their grant allows `permission`) are not events.
 */
export async function recordPlatformContentRead(access: TenantAccess, permission: Permission, content: { kind: TenantContentKind; id: string }): Promise<void> {
  if (!isPlatformOnlyAccess(access, permission)) return;
  await appendContentRead(access, 'platform.content_read', content, randomUUID());
}

/**
 * Records anyone's read of a gateway request's stored prompt and answer, before it is decrypted for
 * them: `platform.content_read` for a platform admin without a grant on the tenant (as above), and
 * `audit.payload_read` for the tenant's own admins and compliance officers, whose reads of what their
 * users sent are evidence too. If it cannot be recorded, nothing is shown.
 */
export async function recordRequestPayloadRead(access: TenantAccess, gatewayRequestId: string, context: { requestId: string }): Promise<void> {
  const action = isPlatformOnlyAccess(access, 'audit.read') ? 'platform.content_read' : 'audit.payload_read';
  await appendContentRead(access, action, { kind: 'request_payload', id: gatewayRequestId }, context.requestId);
}

async function appendContentRead(access: TenantAccess, action: AuditAction, content: { kind: TenantContentKind; id: string }, requestId: string) {
  const { principal, tenant } = access;
  await recordAuditEvent({
    tenantId: tenant.id,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action,
    target: `${content.kind}:${content.id}`,
    requestId,
    outcome: 'success',
    payload: { via: 'console', what: content.kind },
  });
}
