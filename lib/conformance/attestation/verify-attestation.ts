import 'server-only';
import { getPublicKeyFingerprint, importPublicKey } from '@/lib/audit/checkpoint-key';
import { verifyPlatformStatement } from '@/lib/audit/platform-statement';
import { CONFORMANCE_CHECK_IDS } from '../check-ids';
import { ATTESTATION_KIND, PLATFORM_ATTESTATION_KIND, type SignedAttestation, type TenantAttestationStatement } from './attestation-types';
import { mapControls } from './map-controls';
import { serializeAttestation } from './serialize-attestation';

export interface AttestationVerdict {
  ok: boolean;
  problems: string[];
}

/**
 * Verifies a downloaded attestation offline: the Ed25519 signature over exactly this statement under
 * the key it carries (and, when given, that key must be the one the verifier trusts), then the run it
 * embeds: its status agrees with its checks, every check is known and judged consistently with its
 * positive control, and the control mapping is what the checks support. Never throws on hostile input.
 */
export function verifyAttestation(document: unknown, options: { trustedPublicKey?: string } = {}): AttestationVerdict {
  const problems: string[] = [];
  if (!isSignedShape(document)) return { ok: false, problems: ['not a signed Bulkhead attestation (algorithm, statement, signature, publicKey)'] };
  if (options.trustedPublicKey !== undefined && document.publicKey !== options.trustedPublicKey.trim())
    problems.push('signed by a key other than the trusted one');
  let bytes: Buffer | null = null;
  try {
    bytes = serializeAttestation(document.statement);
  } catch {
    problems.push('the statement has no canonical form');
  }
  if (bytes && !verifyPlatformStatement(document.statement.kind, bytes, document.signature, document.publicKey))
    problems.push('the signature does not match the statement');
  // Base64 ignores the spare bits of its last character: demand the one canonical spelling, so no edit goes unnoticed.
  for (const field of ['signature', 'publicKey'] as const) {
    if (Buffer.from(document[field], 'base64').toString('base64') !== document[field]) problems.push(`the ${field} is not canonical base64`);
  }
  if (document.signingKeyId !== fingerprintOf(document.publicKey)) problems.push('the signing key id is not the fingerprint of the public key');
  if (document.statement.kind === ATTESTATION_KIND) problems.push(...checkEmbeddedRun(document.statement as TenantAttestationStatement));
  return { ok: problems.length === 0, problems };
}

function checkEmbeddedRun(statement: TenantAttestationStatement): string[] {
  const problems: string[] = [];
  const run = statement.run;
  if (!run) return problems;
  const results = run.checks ?? [];
  for (const check of results) {
    if (!CONFORMANCE_CHECK_IDS.includes(check.checkId)) problems.push(`unknown check ${check.checkId}`);
    if (check.result === 'pass' && check.controlResult === 'fail') problems.push(`${check.checkId} passed although its positive control failed`);
  }
  const isFailing = results.some((check) => check.result === 'fail');
  const isIncomplete = results.some((check) => check.result === 'error');
  const expected = isFailing ? 'failed' : isIncomplete ? 'error' : 'passed';
  if (run.status !== expected) problems.push(`the run says ${run.status} but its checks say ${expected}`);
  if (JSON.stringify(mapControls(results)) !== JSON.stringify(statement.controls))
    problems.push('the control mapping does not follow from the embedded checks');
  return problems;
}

function fingerprintOf(publicKeyText: string): string | null {
  try {
    return getPublicKeyFingerprint(importPublicKey(publicKeyText));
  } catch {
    return null;
  }
}

function isSignedShape(value: unknown): value is SignedAttestation {
  if (typeof value !== 'object' || value === null) return false;
  const document = value as Record<string, unknown>;
  const statement = document.statement as Record<string, unknown> | undefined;
  return (
    document.algorithm === 'Ed25519' &&
    typeof document.signature === 'string' &&
    typeof document.signingKeyId === 'string' &&
    typeof document.publicKey === 'string' &&
    typeof statement === 'object' &&
    statement !== null &&
    (statement.kind === ATTESTATION_KIND || statement.kind === PLATFORM_ATTESTATION_KIND)
  );
}
