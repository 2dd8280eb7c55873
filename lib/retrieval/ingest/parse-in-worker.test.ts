import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DocumentRejectedError } from './errors';
import { extractText } from './extract-text';
import { DEFAULT_INGEST_LIMITS } from './limits';
import { parseInWorker } from './parse-in-worker';
import { buildTestPdf } from './test-pdf';

/** 1.5 MB of nested markup (600,000 characters of text): quick under the default limits, far slower than a few milliseconds. */
const largeHtml = `<html><body>${'<div><p>Returns are <b>free</b> within <i>30 days</i>.</p><ul><li>one</li><li>two</li></ul></div>'.repeat(15_000)}</body></html>`;

/** 5 MB of markup and little text: hundreds of thousands of elements to hold in memory at once. */
const markupHeavyHtml = `<html><body>${'<p><b>a</b><i></i><span></span></p>'.repeat(150_000)}</body></html>`;

function assertRejected(message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof DocumentRejectedError, String(error));
    assert.equal(error.status, 422);
    assert.match(error.message, message);
    return true;
  };
}

describe('PDF and HTML are parsed in a worker thread under time, memory, page and character limits', () => {
  test('a PDF parses in the worker: its pages and title come back', async () => {
    const bytes = buildTestPdf([['Refunds take 14 days.'], ['Page two.']], { title: 'Refunds' });
    const parsed = await parseInWorker({ format: 'pdf', bytes: new Uint8Array(bytes), limits: DEFAULT_INGEST_LIMITS }, DEFAULT_INGEST_LIMITS);
    assert.deepEqual(parsed, { text: 'Refunds take 14 days.\n\nPage two.', title: 'Refunds', hiddenText: [] });
  });

  test('a PDF over the page limit is refused inside the worker with the count and the limit', async () => {
    await assert.rejects(
      extractText({ filename: 'long.pdf', bytes: buildTestPdf([['One.'], ['Two.'], ['Three.']]) }, { maxPdfPages: 2 }),
      assertRejected(/^This PDF has 3 pages; the limit is 2\. Split it/),
    );
  });

  test('a parse over the time limit is cut and refused; the same file parses within the default limit (positive control)', async () => {
    const file = { filename: 'large.html', bytes: Buffer.from(largeHtml) };
    await assert.rejects(extractText(file, { maxParseMs: 5 }), assertRejected(/^Reading this document took longer than 5 ms\. Split it/));
    const parsed = await extractText(file);
    assert.equal(parsed.format, 'html');
    assert.ok(parsed.text.includes('Returns are **free**') || parsed.text.includes('Returns are free'), parsed.text.slice(0, 200));
  });

  test('a parse that needs more memory than the worker may use is refused; a small file parses under the same cap (positive control)', async () => {
    const limits = { maxParseMemoryMb: 16 };
    await assert.rejects(
      extractText({ filename: 'markup.html', bytes: Buffer.from(markupHeavyHtml) }, limits),
      assertRejected(/needs more than 16 MB of memory/),
    );
    const parsed = await extractText({ filename: 'small.html', bytes: Buffer.from('<h1>Still here</h1>') }, limits);
    assert.equal(parsed.title, 'Still here');
  });
});
