import 'server-only';
import { randomBytes } from 'node:crypto';
import { decryptForTenant, encryptForTenant } from '@/lib/kms';
import type { Layer } from './layers';

// The role password and external URL of a placement are sealed under the tenant's key, bound to
// the placement's role, so a sealed value copied to another tenant's or role's row does not open.
function getSecretScope(tenantId: string, layer: Layer, roleName: string, field: 'role_password' | 'external_url') {
  return { tenantId, purpose: 'secret' as const, recordId: `placement:${layer}:${roleName}:${field}` };
}

export function createRolePassword(): string {
  return randomBytes(24).toString('base64url');
}

export function sealPlacementSecret(tenantId: string, layer: Layer, roleName: string, field: 'role_password' | 'external_url', value: string) {
  return encryptForTenant(getSecretScope(tenantId, layer, roleName, field), value);
}

export async function openPlacementSecret(tenantId: string, layer: Layer, roleName: string, field: 'role_password' | 'external_url', sealed: string) {
  return (await decryptForTenant(getSecretScope(tenantId, layer, roleName, field), sealed)).toString('utf8');
}
