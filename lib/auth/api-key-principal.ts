import 'server-only';
import type { ResolvedApiKey } from '@/lib/auth/api-keys/api-key-cache';
import type { Principal } from './principal';

/**
 * The principal an audit-read API key acts as on the machine API: no platform role and one grant, its
 * own tenant with the `audit_reader` role (audit.read and nothing else). Tenant selection, cursors and
 * permissions downstream then work exactly as for a signed-in compliance officer of that one tenant.
 * The caller has checked the key's scope.
 */
export function createAuditKeyPrincipal(key: ResolvedApiKey): Principal {
  return {
    userId: key.keyId,
    email: '',
    name: key.keyName,
    platformRole: null,
    grants: [{ tenantId: key.tenantId, slug: key.tenantSlug, name: key.tenantName, role: 'audit_reader' }],
    sessionTokenHash: '',
    apiKey: { id: key.keyId, name: key.keyName },
  };
}
