import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import type { PlatformAttestationStatement, SignedAttestation } from './attestation-types';
import { buildPlatformAttestation } from './build-platform-attestation';
import { signAttestation } from './sign-attestation';

/** Builds and signs the platform report as of now. @throws ForbiddenError unless the principal is a platform admin */
export async function issuePlatformAttestation(principal: Principal): Promise<SignedAttestation<PlatformAttestationStatement>> {
  return signAttestation(await buildPlatformAttestation(principal));
}
