import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { createTestTenant } from '@/lib/testing/fixtures';
import { findDocuments } from './find-documents';
import { DocumentRejectedError } from './ingest';
import { buildTestPdf } from './ingest/test-pdf';
import { ingestDocument } from './ingest-document';
import { testActor } from './test-helpers';

// A refused parse (over the page limit, over the time limit) stores nothing; within the limits the
// same files ingest (positive controls).
describe('knowledge ingestion under parsing limits', () => {
  let tenant: { id: string; slug: string; name: string };
  const ingest = (filename: string, bytes: Buffer, limits = {}) =>
    ingestDocument({ tenant, actor: testActor, requestId: crypto.randomUUID(), file: { filename, bytes }, limits });
  const isRefusal = (message: RegExp) => (error: unknown) => {
    assert.ok(error instanceof DocumentRejectedError, String(error));
    assert.equal(error.status, 422);
    assert.match(error.message, message);
    return true;
  };

  before(async () => {
    tenant = await createTestTenant('kb-limits');
  });
  after(async () => {
    await closePlacementPools();
    await disconnectAllPrismaClients();
  });

  test('a PDF over the page limit is refused with the count and the limit, and nothing is stored', async () => {
    const pdf = buildTestPdf([['Refund policy.'], ['Page two.'], ['Page three.']]);
    await assert.rejects(ingest('refunds.pdf', pdf, { maxPdfPages: 2 }), isRefusal(/^This PDF has 3 pages; the limit is 2\./));
    assert.deepEqual(await findDocuments(tenant.id), []);
    await ingest('refunds.pdf', pdf);
    assert.equal((await findDocuments(tenant.id)).length, 1, 'positive control: within the limit it is stored');
  });

  test('a parse over the time limit is cut and refused, and nothing is stored', async () => {
    const before = (await findDocuments(tenant.id)).length;
    const html = Buffer.from(`<html><body>${'<div><p>Shipping takes <b>3 days</b>.</p><ul><li>one</li><li>two</li></ul></div>'.repeat(15_000)}</body></html>`);
    await assert.rejects(ingest('shipping.html', html, { maxParseMs: 5 }), isRefusal(/^Reading this document took longer than 5 ms\./));
    assert.equal((await findDocuments(tenant.id)).length, before);
  });
});
