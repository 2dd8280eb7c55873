import 'server-only';
import type { PlatformAttestationStatement, SignedAttestation, TenantAttestationStatement } from './attestation-types';

/** One titled block of an attestation as label/value lines: the HTML page and the PDF both render these. */
export interface AttestationSection {
  title: string;
  rows: { label: string; value: string; tone?: 'good' | 'bad' | 'neutral' }[];
}

const RESULT_WORDS: Record<string, string> = { pass: 'PASS', fail: 'FAIL', error: 'NOT CARRIED OUT', not_applicable: 'not applicable', not_run: 'not run' };
const toneOf = (result: string) =>
  result === 'pass' || result === 'supported' ? 'good' : result === 'fail' || result === 'error' || result === 'not_supported' ? 'bad' : 'neutral';

/** The attestation in reading order, so both formats say the same thing in the same words. */
export function buildAttestationSections(document: SignedAttestation<TenantAttestationStatement>): AttestationSection[] {
  const { statement } = document;
  const sections: AttestationSection[] = [
    {
      title: 'Tenant',
      rows: [
        { label: 'Tenant', value: `${statement.tenant.name} (${statement.tenant.slug}, ${statement.tenant.id})` },
        { label: 'Issued', value: statement.issuedAt },
        {
          label: 'Conformance run',
          value: statement.run ? `${statement.run.id}, ${statement.run.status}, started ${statement.run.startedAt} (${statement.run.trigger})` : 'none yet',
          tone: statement.run ? toneOf(statement.run.status === 'passed' ? 'pass' : 'fail') : 'bad',
        },
      ],
    },
    ...statement.layers.map((layer) => ({
      title: `Layer: ${layer.layer}`,
      rows: [
        { label: 'Tier in force', value: layer.tierInForce },
        {
          label: 'Policy minimum',
          value: `${layer.policyMinimum} (${layer.compliance.replace(/_/g, ' ')})`,
          tone: layer.compliance === 'below_minimum' ? ('bad' as const) : ('neutral' as const),
        },
        { label: 'Reasons', value: layer.reasons.map((reason) => `${reason.ruleId}: ${reason.explanation}`).join(' | ') || 'no rule raises the minimum' },
        {
          label: 'Risk acceptances',
          value:
            layer.riskAcceptances
              .map(
                (acceptance) =>
                  `${acceptance.acceptedTier} instead of ${acceptance.requiredTier} until ${acceptance.expiresAt} (rules ${acceptance.ruleIds.join(', ')}): ${acceptance.justification}`,
              )
              .join(' | ') || 'none',
        },
        {
          label: 'Where the data lives',
          value: `schema ${layer.location.schema}${layer.location.database ? `, database ${layer.location.database}` : ''}, on ${layer.location.endpoint} (${layer.location.state})`,
        },
        { label: 'KMS key', value: layer.kmsKeyId ?? (layer.tierInForce === 'namespace' ? 'none: plaintext under row-level security' : 'the tenant key') },
      ],
    })),
    {
      title: 'Keys and caches',
      rows: [
        {
          label: 'Tenant KMS key',
          value: statement.keys.tenantKeyId ? `${statement.keys.tenantKeyId} (owner: ${statement.keys.keyOwner})` : `none (owner: ${statement.keys.keyOwner})`,
        },
        {
          label: 'Rotation',
          value: statement.keys.rotation
            ? statement.keys.rotation.enabled
              ? `every ${statement.keys.rotation.periodDays ?? 365} days, next ${statement.keys.rotation.nextRotationDate ?? 'unknown'}`
              : 'off'
            : 'not applicable',
        },
        {
          label: 'Data-key cache bounds',
          value: `${statement.keys.dataKeyCache.maxAgeMs} ms or ${statement.keys.dataKeyCache.maxUses} uses per data key, at most ${statement.keys.dataKeyCache.maxEntries} keys`,
        },
        {
          label: 'Prefix-cache salt',
          value: statement.cacheSalt.configured
            ? 'configured: a per-tenant salt on every salt-accepting endpoint; client salts dropped'
            : 'NOT configured: the gateway refuses salt-accepting endpoints',
          tone: statement.cacheSalt.configured ? 'good' : 'bad',
        },
      ],
    },
    {
      title: 'Audit chain',
      rows: [
        {
          label: 'Last verification',
          value:
            statement.auditChain.verified === null
              ? 'never verified'
              : `${statement.auditChain.verified ? 'verified' : 'FAILED'} at ${statement.auditChain.checkedAt}: ${statement.auditChain.eventCount} events through seq ${statement.auditChain.verifiedThroughSeq}`,
          tone: statement.auditChain.verified ? 'good' : 'bad',
        },
        {
          label: 'Last signed checkpoint',
          value: statement.auditChain.lastSignedCheckpoint
            ? `seq ${statement.auditChain.lastSignedCheckpoint.seq} at ${statement.auditChain.lastSignedCheckpoint.time}, head ${statement.auditChain.lastSignedCheckpoint.headHash}`
            : 'none yet',
        },
      ],
    },
    {
      title: 'Checks',
      rows: (statement.run?.checks ?? []).map((check) => ({
        label: `${check.checkId}: ${RESULT_WORDS[check.result] ?? check.result}`,
        value: `Attacked: ${check.attacked}. Expected: ${check.expected}. Observed: ${check.observed}. Positive control: ${check.controlResult === 'pass' ? 'detected' : check.controlResult === 'fail' ? 'NOT detected' : 'n/a'} (${check.controlObserved}). ${check.durationMs} ms.`,
        tone: toneOf(check.result),
      })),
    },
    {
      title: 'Control mapping',
      rows: statement.controls.map((control) => ({
        label: `${control.framework} ${control.control} ${control.title}: ${control.status.replace(/_/g, ' ')}`,
        value: `Checks: ${control.checks.map((check) => `${check.id} (${RESULT_WORDS[check.result] ?? check.result})`).join(', ')}. Out of scope: ${control.outOfScope}`,
        tone: toneOf(control.status),
      })),
    },
    signatureSection(document),
  ];
  return sections;
}

/** The platform report in the same shape, for its page and PDF. */
export function buildPlatformAttestationSections(document: SignedAttestation<PlatformAttestationStatement>): AttestationSection[] {
  const { statement } = document;
  return [
    { title: 'Issued', rows: [{ label: 'Issued', value: statement.issuedAt }] },
    {
      title: 'Floor and claimable assurance',
      rows: statement.layers.map((layer) => ({
        label: `${layer.layer}: floor ${layer.floor}, claimable ${layer.claimableAssurance ?? 'nothing (no tenants)'}`,
        value: `${layer.floorReason}${layer.limitedBy.length ? ` Limited by: ${layer.limitedBy.join(', ')}.` : ''}`,
        tone: layer.isFloorMet ? ('good' as const) : ('bad' as const),
      })),
    },
    {
      title: 'Tenants below the floor',
      rows: statement.tenantsBelowFloor.length
        ? statement.tenantsBelowFloor.map((tenant) => ({
            label: tenant.name,
            value: tenant.layers.map((layer) => `${layer.layer}: ${layer.current}, floor ${layer.required}`).join('; '),
            tone: 'bad' as const,
          }))
        : [{ label: 'None', value: 'Every tenant meets the floor on every layer.', tone: 'good' as const }],
    },
    {
      title: 'Latest conformance run per tenant',
      rows: statement.tenants.map((tenant) => ({
        label: `${tenant.name} (${tenant.slug})`,
        value: tenant.latestRun ? `${tenant.latestRun.status}, run ${tenant.latestRun.id} started ${tenant.latestRun.startedAt}` : 'never run',
        tone: tenant.latestRun?.status === 'passed' ? ('good' as const) : ('bad' as const),
      })),
    },
    signatureSection(document),
  ];
}

function signatureSection(document: SignedAttestation): AttestationSection {
  return {
    title: 'Signature',
    rows: [
      { label: 'Algorithm', value: `${document.algorithm} over the canonical JSON of the statement (download the JSON; verify with npm run attest:verify)` },
      { label: 'Signing key', value: document.signingKeyId },
      { label: 'Public key', value: document.publicKey },
      { label: 'Signature', value: document.signature },
    ],
  };
}
