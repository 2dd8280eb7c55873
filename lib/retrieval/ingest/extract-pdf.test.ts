import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentRejectedError } from './errors';
import { extractText } from './extract-text';
import { buildTestPdf } from './test-pdf';

// Needs the PDF package (see PDF_PACKAGE); without it every test here fails with PdfSupportMissingError.
describe('extractText on PDF', () => {
  test('a hand-built PDF gives its text, pages separated by a blank line, and its title', async () => {
    const bytes = buildTestPdf([['Refund policy', 'Refunds take 14 days.'], ['Page two text.']], { title: 'Refunds 2025' });
    assert.ok(bytes.length < 1000, `fixture is ${bytes.length} bytes`);
    const document = await extractText({ filename: 'policy.pdf', contentType: 'application/pdf', bytes });
    assert.equal(document.format, 'pdf');
    assert.equal(document.title, 'Refunds 2025');
    assert.equal(document.text, 'Refund policy\nRefunds take 14 days.\n\nPage two text.');
    assert.deepEqual(document.warnings, []);
  });

  test('without a Title the first line is the title', async () => {
    const document = await extractText({ filename: 'notes.pdf', bytes: buildTestPdf([['Quarterly notes', 'Body.']]) });
    assert.equal(document.title, 'Quarterly notes');
  });

  test('a PDF named .txt is read as a PDF, with a warning', async () => {
    const document = await extractText({ filename: 'notes.txt', bytes: buildTestPdf([['Hello from a PDF.']]) });
    assert.equal(document.format, 'pdf');
    assert.equal(document.text, 'Hello from a PDF.');
    assert.match(document.warnings.join(' '), /contains a PDF/);
  });

  const rejections: [string, () => Buffer, Record<string, number>, RegExp][] = [
    ['that is encrypted', () => buildTestPdf([['Secret.']], { encrypt: true }), {}, /^This PDF is encrypted/],
    ['that is damaged', () => Buffer.from('%PDF-1.4\nthis is not a PDF body'), {}, /^This PDF is damaged/],
    ['with too many pages', () => buildTestPdf([['One.'], ['Two.'], ['Three.']]), { maxPdfPages: 2 }, /^This PDF has 3 pages; the limit is 2\./],
    ['with too much text', () => buildTestPdf([['A'.repeat(60)], ['B'.repeat(60)]]), { maxExtractedChars: 100 }, /more than 100 characters/],
    ['with no text layer', () => buildTestPdf([[]]), {}, /no text layer/],
  ];
  for (const [name, build, limits, message] of rejections) {
    test(`rejects a PDF ${name}, with a message for the uploader`, async () => {
      await assert.rejects(extractText({ filename: 'file.pdf', bytes: build() }, limits), (error: unknown) => {
        assert.ok(error instanceof DocumentRejectedError, String(error));
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
