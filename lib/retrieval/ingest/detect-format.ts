import 'server-only';
import path from 'node:path';
import { DocumentRejectedError } from './errors';
import type { DocumentFormat, UploadedFile } from './types';

const FORMAT_BY_EXTENSION: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.htm': 'html',
  '.html': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
};

const FORMAT_BY_CONTENT_TYPE: Readonly<Record<string, DocumentFormat>> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
};

const SUPPORTED = 'Upload plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf).';
// Readers accept the PDF header anywhere in the first 1,024 bytes (ISO 32000-1, implementation note 13).
const PDF_HEADER_WINDOW = 1024;
const SNIFF_BYTES = 8192;

/**
 * Decides the format of an upload from its filename extension (or, without one, its declared
 * Content-Type), then checks the bytes agree: a PDF must carry the `%PDF-` header, and a text
 * format must not be binary (NUL bytes, a ZIP archive such as a renamed .docx). A file named
 * `.txt` that is really a PDF is read as a PDF, with a warning.
 *
 * @throws DocumentRejectedError for unsupported types and for bytes that do not match the type.
 */
export function detectFormat(file: UploadedFile): { format: DocumentFormat; warnings: string[] } {
  const extension = path.extname(file.filename).toLowerCase();
  const contentType = file.contentType?.split(';')[0].trim().toLowerCase() ?? '';
  const declared = extension ? FORMAT_BY_EXTENSION[extension] : FORMAT_BY_CONTENT_TYPE[contentType];
  const isPdf = hasPdfHeader(file.bytes);
  if (!declared) {
    const shown = extension || contentType || 'a file without an extension';
    throw new DocumentRejectedError(`This file type is not supported: ${shown}. ${SUPPORTED}`);
  }
  if (declared === 'pdf') {
    if (!isPdf) throw new DocumentRejectedError('This file is not a valid PDF: it does not start with a PDF header.');
    return { format: 'pdf', warnings: [] };
  }
  if (isPdf) {
    return { format: 'pdf', warnings: [`This file is named as ${declared} but contains a PDF; it was read as a PDF.`] };
  }
  if (isBinary(file.bytes)) {
    throw new DocumentRejectedError(
      `This file does not look like ${declared === 'text' ? 'plain text' : declared === 'html' ? 'HTML' : 'Markdown'}: it contains binary data. ${SUPPORTED}`,
    );
  }
  return { format: declared, warnings: [] };
}

function hasPdfHeader(bytes: Buffer): boolean {
  return bytes.subarray(0, PDF_HEADER_WINDOW).includes('%PDF-');
}

/** NUL bytes or a ZIP signature in the first 8 KB, unless the text is UTF-16 (which has NULs by design). */
function isBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const isUtf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (isUtf16) return false;
  return head.includes(0) || head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));
}
