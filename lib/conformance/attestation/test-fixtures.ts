import { generateKeyPairSync, sign } from 'node:crypto';
import { getPublicKeyFingerprint } from '@/lib/audit/checkpoint-key';
import { buildPlatformStatementBytes } from '@/lib/audit/platform-statement';
import { CONFORMANCE_CHECK_IDS } from '../check-ids';
import type { CheckRecord } from '../types';
import { ATTESTATION_KIND, type SignedAttestation, type TenantAttestationStatement } from './attestation-types';
import { mapControls } from './map-controls';
import { serializeAttestation } from './serialize-attestation';

// Signed here with a throwaway Ed25519 key exactly as signPlatformStatement signs (same statement
// bytes), so the verifier is tested offline, as attest:verify runs.
export const keys = generateKeyPairSync('ed25519');
export const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

export function signed(statement: TenantAttestationStatement): SignedAttestation {
  const signature = sign(null, buildPlatformStatementBytes(statement.kind, serializeAttestation(statement)), keys.privateKey).toString('base64');
  return { algorithm: 'Ed25519', statement, signature, signingKeyId: getPublicKeyFingerprint(keys.publicKey), publicKey };
}

export function buildStatement(): TenantAttestationStatement {
  const checks: CheckRecord[] = CONFORMANCE_CHECK_IDS.map((checkId) => ({
    checkId,
    layer: 'database',
    attacked: 'a',
    expected: 'e',
    observed: 'o',
    result: 'pass',
    controlResult: 'pass',
    controlObserved: 'c',
    durationMs: 3,
  }));
  return {
    kind: ATTESTATION_KIND,
    version: 1,
    issuedAt: '2026-12-07T12:00:00.000Z',
    tenant: { id: '7f1c7e0e-35a4-4f53-9d35-6c4a7a3a3b11', slug: 'acme', name: 'Acme' },
    layers: [],
    keys: { tenantKeyId: 'k', keyOwner: 'tenant', rotation: null, dataKeyCache: { maxAgeMs: 60000, maxUses: 50000, maxEntries: 10000 }, error: null },
    cacheSalt: { configured: true, clientSaltsDropped: true },
    run: { id: 'r', status: 'passed', trigger: 'console', startedAt: '2026-12-07T11:00:00.000Z', finishedAt: '2026-12-07T11:00:05.000Z', checks },
    auditChain: { verified: true, checkedAt: null, eventCount: 10, verifiedThroughSeq: 10, lastSignedCheckpoint: null },
    controls: mapControls(checks),
  };
}
