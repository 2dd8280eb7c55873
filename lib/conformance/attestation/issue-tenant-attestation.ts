import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { SignedAttestation, TenantAttestationStatement } from './attestation-types';
import { buildTenantAttestation } from './build-tenant-attestation';
import { signAttestation } from './sign-attestation';

/** Builds and signs the tenant's attestation as of now. The caller has authorized `access` for isolation.read. */
export async function issueTenantAttestation(access: TenantAccess): Promise<SignedAttestation<TenantAttestationStatement>> {
  return signAttestation(await buildTenantAttestation(access));
}
