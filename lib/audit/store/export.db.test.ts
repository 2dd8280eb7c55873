import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { getCheckpointPublicKey } from '../checkpoint-signer';
import { verifyExportFile } from '../verify-export-file';
import { createAuditExport } from '../viewer/create-audit-export';
import { auditExportRequestSchema } from '../viewer/event-filter';
import { getAuditChainStore } from './chain-store';
import { createCheckpoint } from './create-checkpoint';
import { appendTestEvents, makeAccess, makeEventFields, makePrincipal, type TestTenant } from './db-test-helpers';
import { recordAuditEvent } from './record-event';

describe('audit export', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'audit-export-'));
  let tenant: TestTenant;
  let exportCount = 0;

  async function exportToFile(access: Parameters<typeof createAuditExport>[0], request: Record<string, string>) {
    const exported = await createAuditExport(access, auditExportRequestSchema.parse(request), `export-${++exportCount}`);
    let text = '';
    for await (const chunk of exported.chunks) text += chunk;
    const file = path.join(directory, exported.filename);
    writeFileSync(file, text);
    return { file, text, exported };
  }

  before(async () => {
    tenant = await createTestTenant('export');
    await appendTestEvents(tenant.id, 20, 'export');
    await createCheckpoint(tenant.id);
    await appendTestEvents(tenant.id, 20, 'export-2');
  });
  after(async () => {
    rmSync(directory, { recursive: true, force: true });
    await disconnectAllPrismaClients();
  });

  test('a whole-chain JSONL export verifies offline against the pinned platform key, and records itself', async () => {
    const officer = makePrincipal({ platformRole: 'compliance_officer', grants: [[tenant, 'compliance']] });
    const { file, exported } = await exportToFile(makeAccess(officer, tenant), { format: 'jsonl' });
    assert.match(exported.filename, new RegExp(`^audit-${tenant.slug}-.*\\.jsonl$`));
    const key = await getCheckpointPublicKey();
    const verification = await verifyExportFile(file, { pinnedPublicKey: key!.publicKeyText });
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.equal(verification.result?.eventCount, 41, "40 events and the export's own");
    assert.equal(verification.result?.signedThroughSeq, 41, 'the head was signed before the export, so all of it is covered');

    const [newest] = (await getAuditChainStore(tenant.id).findEvents({ limit: 1, action: 'audit.export' })).events;
    assert.deepEqual([newest.actor.id, newest.payload], [officer.userId, { format: 'jsonl', from: null, to: null, isPlatformAccess: false }]);
  });

  test('a time-range export starts mid-chain and still verifies; an edited copy does not', async () => {
    const officer = makePrincipal({ grants: [[tenant, 'admin']] });
    const { events } = await getAuditChainStore(tenant.id).findEvents({ limit: 100 });
    const [from, to] = [events.at(-11)!.time, events.at(-30)!.time];
    const { file, text } = await exportToFile(makeAccess(officer, tenant), { format: 'jsonl', from, to });
    const verification = await verifyExportFile(file);
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.ok(verification.result!.firstSeq! > 1 && verification.result!.eventCount >= 20);

    const lines = text.split('\n');
    lines[5] = lines[5].replace('"outcome":"success"', '"outcome":"failure"').replace('"outcome":"blocked"', '"outcome":"failure"');
    const edited = path.join(directory, 'edited.jsonl');
    writeFileSync(edited, lines.join('\n'));
    const tampered = await verifyExportFile(edited);
    assert.deepEqual([tampered.ok, tampered.failure?.line, tampered.failure?.kind], [false, 6, 'hash_mismatch']);
  });

  test("a platform admin's export is marked as such in the tenant's chain", async () => {
    const admin = makePrincipal({ platformRole: 'platform_admin' });
    await exportToFile(await resolveTenantAccess(admin, tenant.slug, 'audit.read'), { format: 'jsonl' });
    const [newest] = (await getAuditChainStore(tenant.id).findEvents({ limit: 1, action: 'audit.export' })).events;
    assert.deepEqual([newest.actor.id, (newest.payload as { isPlatformAccess: boolean }).isPlatformAccess], [admin.userId, true]);
  });

  test('CSV: one row per event, control characters shown as escapes', async () => {
    const officer = makePrincipal({ grants: [[tenant, 'admin']] });
    const store = getAuditChainStore(tenant.id);
    await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(99, 'csv'), target: '=cmd|\u001b[31mred\nline' });
    const { text } = await exportToFile(makeAccess(officer, tenant), { format: 'csv' });
    const rows = text.trimEnd().split('\r\n');
    const eventCount = (await store.findEvents({ limit: 200 })).events.length;
    assert.equal(rows.length, eventCount + 1, 'a header and every event');
    assert.match(rows[0], /^"seq","time","tenant_id"/);
    assert.ok(!text.includes('\u001b') && text.includes('"\'=cmd|\\u001b[31mred\nline"'), 'escape shown as text, formula defused');
  });
});
