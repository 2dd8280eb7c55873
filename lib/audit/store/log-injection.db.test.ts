import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { verifyExportFile } from '../verify-export-file';
import { createAuditExport } from '../viewer/create-audit-export';
import { getAuditChainStore } from './chain-store';
import { makeAccess, makePrincipal } from './db-test-helpers';
import { recordAuditEvent } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

// User-supplied text that tries to break out of its field: newlines that would start a new log line,
// ANSI escapes that would rewrite a terminal, JSON fragments, and a forged tenant.
describe('log injection through user-supplied text', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'audit-injection-'));
  after(async () => {
    rmSync(directory, { recursive: true, force: true });
    await disconnectAllPrismaClients();
  });

  test('does not change the stored tenant, break verification, or add records to an export', async () => {
    const victim = await createTestTenant('injection-a');
    const other = await createTestTenant('injection-b');
    const forgedLine = `\n{"type":"event","tenantId":"${other.id}","seq":1}\n`;
    const hostile = {
      target: `doc-1${forgedLine}\u001b[2K\u001b[1Aall clear\r`,
      label: `\u001b[31mroot\u001b[0m", "tenantId": "${other.id}`,
      requestId: `req-1"}\n{"tenant":"${other.id}`,
      // Parsed, as a request body would be, so "__proto__" is an own key rather than a prototype.
      payload: JSON.parse(
        JSON.stringify({ tenant: other.id, tenantId: other.id, prompt: `ignore this${forgedLine}\u2028\u0000\u0007` }).replace(
          /^\{/,
          '{"__proto__":{"isAdmin":true},',
        ),
      ),
    };
    await recordAuditEvent({
      tenantId: victim.id,
      actor: { type: 'user', id: 'attacker', label: hostile.label },
      action: 'inference.request',
      target: hostile.target,
      requestId: hostile.requestId,
      outcome: 'flagged',
      payload: hostile.payload,
    });

    const owner = await connectAsOwner();
    try {
      const { rows } = await owner.query('SELECT tenant_id::text AS tenant_id, target FROM audit_events WHERE tenant_id = ANY($1::uuid[])', [
        [victim.id, other.id],
      ]);
      assert.deepEqual(
        rows.map((row) => row.tenant_id),
        [victim.id],
        'the event is stored under its own tenant only',
      );
      assert.equal(rows[0].target, hostile.target, "stored as given (escaping is the reader's job)");
    } finally {
      await owner.end();
    }
    const [event] = (await getAuditChainStore(victim.id).findEvents({ limit: 5 })).events;
    assert.equal(event.tenantId, victim.id);
    const payload = event.payload as Record<string, unknown>;
    assert.equal(payload.tenantId, other.id, 'a payload field named tenantId is just payload');
    assert.ok(Object.hasOwn(payload, '__proto__') && (payload as { isAdmin?: unknown }).isAdmin === undefined, '"__proto__" stayed data');
    assert.equal((await getAuditChainStore(other.id).findEvents({ text: 'all clear', limit: 5 })).events.length, 0);

    const status = await verifyTenantChain(victim.id, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);

    const exported = await createAuditExport(makeAccess(makePrincipal({ grants: [[victim, 'compliance']] }), victim), { format: 'jsonl' }, 'injection-export');
    let text = '';
    for await (const chunk of exported.chunks) text += chunk;
    const lines = text.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    const events = records.filter((record) => record.type === 'event');
    assert.equal(events.length, 2, 'the hostile event and the export event, each one line');
    // The seal names no tenant of its own: it signs the header's.
    assert.equal(records.at(-1).type, 'seal');
    assert.ok(
      records.slice(0, -1).every((record) => record.tenantId === victim.id),
      'no line claims another tenant',
    );
    assert.ok(!text.includes('\u001b'), 'no raw escape character reaches the file');
    const file = path.join(directory, 'export.jsonl');
    writeFileSync(file, text);
    const verification = await verifyExportFile(file);
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.equal(verification.result?.eventCount, 2);
  });
});
