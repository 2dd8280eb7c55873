import 'server-only';
import type { CheckRecord } from '../types';

export const ATTESTATION_KIND = 'conformance.attestation';
export const PLATFORM_ATTESTATION_KIND = 'conformance.platform_attestation';

export interface AttestedLayer {
  layer: 'prompt' | 'retrieval' | 'logs';
  tierInForce: string;
  policyMinimum: string;
  reasons: { ruleId: string; title: string; explanation: string }[];
  compliance: string;
  riskAcceptances: { id: string; acceptedTier: string; requiredTier: string; ruleIds: string[]; justification: string; expiresAt: string }[];
  location: { schema: string; database: string | null; state: string; endpoint: string | null };
  kmsKeyId: string | null;
}

/** What a tenant's attestation states, all of it read from the live installation and its latest run. */
export interface TenantAttestationStatement {
  kind: typeof ATTESTATION_KIND;
  version: 1;
  issuedAt: string;
  tenant: { id: string; slug: string; name: string };
  layers: AttestedLayer[];
  keys: {
    tenantKeyId: string | null;
    keyOwner: string;
    rotation: { enabled: boolean; periodDays: number | null; nextRotationDate: string | null } | null;
    dataKeyCache: { maxAgeMs: number; maxUses: number; maxEntries: number };
    error: string | null;
  };
  cacheSalt: { configured: boolean; clientSaltsDropped: true };
  run: { id: string; status: string; trigger: string; startedAt: string; finishedAt: string | null; checks: CheckRecord[] } | null;
  auditChain: {
    verified: boolean | null;
    checkedAt: string | null;
    eventCount: number | null;
    verifiedThroughSeq: number | null;
    lastSignedCheckpoint: { seq: number; headHash: string; time: string; signature: string } | null;
  };
  controls: {
    framework: string;
    control: string;
    title: string;
    checks: { id: string; result: string }[];
    status: 'supported' | 'not_supported' | 'no_evidence';
    outOfScope: string;
  }[];
}

/** The platform-wide report for the platform team's own questionnaires. */
export interface PlatformAttestationStatement {
  kind: typeof PLATFORM_ATTESTATION_KIND;
  version: 1;
  issuedAt: string;
  layers: { layer: string; floor: string; floorReason: string; claimableAssurance: string | null; isFloorMet: boolean; limitedBy: string[] }[];
  tenantsBelowFloor: { tenantId: string; name: string; layers: { layer: string; current: string; required: string }[] }[];
  tenants: { id: string; slug: string; name: string; latestRun: { id: string; status: string; startedAt: string } | null }[];
}

export type AttestationStatement = TenantAttestationStatement | PlatformAttestationStatement;

/** A signed attestation: the statement, an Ed25519 signature over its canonical JSON, and the key. */
export interface SignedAttestation<Statement extends AttestationStatement = AttestationStatement> {
  algorithm: 'Ed25519';
  statement: Statement;
  signature: string;
  signingKeyId: string;
  publicKey: string;
}
