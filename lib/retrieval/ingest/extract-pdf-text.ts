import 'server-only';
import { DocumentRejectedError, PdfSupportMissingError } from './errors';
import type { IngestLimits } from './limits';

/** The package (and exact version, verified on Node 20) that reads PDFs: PDF.js in a build with no worker and no native parts. */
export const PDF_PACKAGE = 'unpdf@1.7.0';

// PDF.js VerbosityLevel.ERRORS: its warnings ("Indexing all PDF objects") would go to stdout.
const PDFJS_ERRORS_ONLY = 0;

/**
 * Extracts the text of a PDF page by page with unpdf's PDF.js build (no worker, no eval, no
 * native canvas). Pages are separated by a blank line; within a page, PDF.js's end-of-line marks
 * become newlines. The page count is checked before any page is read and the character count
 * after each page, so oversized documents stop early. Parsing blocks the thread it runs on: the
 * upload path calls it in a worker thread (parse-in-worker.ts).
 *
 * @throws DocumentRejectedError when the PDF is encrypted, damaged, over a limit, or has no text.
 * @throws PdfSupportMissingError when unpdf is not installed.
 */
export async function extractPdfText(bytes: Buffer, limits: IngestLimits): Promise<{ text: string; title: string }> {
  const { getDocumentProxy } = await loadUnpdf();
  // PDF.js may detach the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: PDFJS_ERRORS_ONLY }).catch((error: unknown) => {
    throw mapPdfError(error);
  });
  try {
    if (pdf.numPages > limits.maxPdfPages) {
      throw new DocumentRejectedError(`This PDF has ${pdf.numPages} pages; the limit is ${limits.maxPdfPages}. Split it into smaller files.`);
    }
    const pages: string[] = [];
    let totalChars = 0;
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      const pageText = content.items
        .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
        .join('')
        .trim();
      page.cleanup();
      totalChars += pageText.length;
      if (totalChars > limits.maxExtractedChars) {
        throw new DocumentRejectedError(
          `This PDF has more than ${limits.maxExtractedChars.toLocaleString('en-US')} characters of text. Split it into smaller files.`,
        );
      }
      if (pageText) pages.push(pageText);
    }
    if (pages.length === 0) {
      throw new DocumentRejectedError('This PDF has no text layer (it may be scanned pages). Run OCR on it, then upload it again.');
    }
    const metadata = await pdf.getMetadata().catch(() => null);
    const title = metadata?.info && 'Title' in metadata.info ? String(metadata.info.Title ?? '') : '';
    return { text: pages.join('\n\n'), title: title.trim() };
  } finally {
    await pdf.destroy();
  }
}

async function loadUnpdf() {
  try {
    return await import('unpdf');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new PdfSupportMissingError(PDF_PACKAGE, { cause: error });
    throw error;
  }
}

/** PDF.js names its errors; only the expected ones become messages for the uploader. */
function mapPdfError(error: unknown): unknown {
  const name = (error as { name?: string }).name;
  if (name === 'PasswordException') {
    return new DocumentRejectedError('This PDF is encrypted. Remove the password protection, then upload it again.');
  }
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'MissingPDFException') {
    return new DocumentRejectedError('This PDF is damaged or not a valid PDF. Export it again from the original application.');
  }
  return error;
}
