import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractText } from 'unpdf';
import { createCheckpoint } from '@/lib/audit/store/create-checkpoint';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createTestTenant } from '@/lib/testing/fixtures';
import { databaseCatalogCheck } from '../checks/database-catalog';
import { logsChainCheck } from '../checks/logs-isolation';
import { runConformanceSuite } from '../run-suite';
import { buildAttestationSections } from './attestation-sections';
import { issueTenantAttestation } from './issue-tenant-attestation';
import { renderAttestationPdf } from './render-attestation-pdf';
import { verifyAttestation } from './verify-attestation';

// The attestation as a compliance officer downloads it: from the latest run and the live configuration,
// signed with the platform key, verifiable offline, and the PDF saying the same.
describe('tenant attestation', () => {
  let tenant: Awaited<ReturnType<typeof createTestTenant>>;
  let runId: string;
  before(async () => {
    tenant = await createTestTenant('attest');
    ({
      run: { id: runId },
    } = await runConformanceSuite(tenant, { trigger: 'cli', requestedBy: 'test', checks: [databaseCatalogCheck, logsChainCheck] }));
  });
  after(async () => {
    await closeTenantSqlPools();
    await closePlacementPools();
    await disconnectAllPrismaClients();
  });

  const principal = (): Principal => ({
    userId: '00000000-0000-4000-8000-000000000001',
    email: 'officer@test.example',
    name: 'officer',
    platformRole: null,
    grants: [{ tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: 'compliance' }],
    sessionTokenHash: 'x',
  });

  test('is built from the latest run and the live placements, and verifies offline', async () => {
    const checkpoint = await createCheckpoint(tenant.id);
    const document = await issueTenantAttestation({ principal: principal(), tenant, grant: principal().grants[0] });
    const { statement } = document;
    assert.equal(statement.run?.id, runId);
    assert.deepEqual(
      statement.run?.checks.map((check) => check.checkId),
      ['database.rls_catalog', 'logs.chain_verify'],
    );
    assert.deepEqual(
      statement.layers.map((layer) => [layer.layer, layer.tierInForce]),
      [
        ['prompt', 'namespace'],
        ['retrieval', 'namespace'],
        ['logs', 'namespace'],
      ],
    );
    assert.equal(statement.cacheSalt.configured, true);
    assert.equal(statement.auditChain.verified, true, 'the chain check verified the chain, and the status says so');
    assert.deepEqual(statement.auditChain.lastSignedCheckpoint, {
      seq: checkpoint.seq,
      headHash: checkpoint.headHash,
      time: checkpoint.time,
      signature: checkpoint.signature,
    });
    assert.equal(statement.controls.find((control) => control.control === 'AU-10')?.status, 'supported');
    assert.equal(statement.controls.find((control) => control.control === 'SC-28')?.status, 'no_evidence', 'no key check in this run');
    assert.deepEqual(verifyAttestation(JSON.parse(JSON.stringify(document))), { ok: true, problems: [] });

    const pdf = await renderAttestationPdf(`Isolation attestation: ${tenant.name}`, buildAttestationSections(document));
    const { text } = await extractText(pdf, { mergePages: true });
    assert.match(text, /Isolation attestation/);
    assert.match(text, /logs\.chain_verify: PASS/);
    assert.match(text, /164\.312\(a\)\(2\)\(iv\)/);
  });
});
