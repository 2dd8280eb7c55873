import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Permission } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { recordAuditEvent } from '../store/record-event';
import { isPlatformOnlyAccess } from './record-audit-access';

/** Tenant content a page decrypts for whoever may see it. */
export type TenantContentKind = 'document' | 'prompt_versions';

/**
 * Records a platform admin's read of a tenant's decrypted content (a document's chunks, a prompt
 * configuration's versions) as a `platform.content_read` event in that tenant's own chain, as
 * audit-log reads are. Call it before reading: if it cannot be recorded, the page fails and nothing
 * is shown. Reads by the tenant's own people (their grant allows `permission`) are not events.
 */
export async function recordPlatformContentRead(access: TenantAccess, permission: Permission, content: { kind: TenantContentKind; id: string }): Promise<void> {
  if (!isPlatformOnlyAccess(access, permission)) return;
  const { principal, tenant } = access;
  await recordAuditEvent({
    tenantId: tenant.id,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'platform.content_read',
    target: `${content.kind}:${content.id}`,
    requestId: randomUUID(),
    outcome: 'success',
    payload: { via: 'console', what: content.kind },
  });
}
