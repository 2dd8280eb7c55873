import 'server-only';
import { canonicalJson } from '@/lib/audit/canonical-json';
import type { AttestationStatement } from './attestation-types';

/**
 * The exact bytes that are signed: the statement's canonical JSON (the RFC 8785 subset lib/audit uses).
 * Kept apart from the signer so offline verifiers load no database code.
 */
export function serializeAttestation(statement: AttestationStatement): Buffer {
  return Buffer.from(canonicalJson(JSON.parse(JSON.stringify(statement))), 'utf8');
}
