import 'server-only';
import { signPlatformStatement } from '@/lib/audit/sign-platform-statement';
import type { AttestationStatement, SignedAttestation } from './attestation-types';
import { serializeAttestation } from './serialize-attestation';

/**
 * Signs with the platform's Ed25519 signing key (the audit checkpoint key, sealed under the KEK, with
 * its generations), under the statement's own kind, so an attestation signature verifies as nothing else.
 */
export async function signAttestation<Statement extends AttestationStatement>(statement: Statement): Promise<SignedAttestation<Statement>> {
  const signature = await signPlatformStatement(statement.kind, serializeAttestation(statement));
  return { algorithm: 'Ed25519', statement, ...signature };
}
