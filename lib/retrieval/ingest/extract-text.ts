import 'server-only';
import path from 'node:path';
import { decodeText } from './decode-text';
import { detectFormat } from './detect-format';
import { DocumentRejectedError } from './errors';
import { removeHiddenCharacters } from './hidden-characters';
import { DEFAULT_INGEST_LIMITS, formatBytes, type IngestLimits } from './limits';
import { parseInWorker } from './parse-in-worker';
import type { ExtractedDocument, UploadedFile } from './types';

const TITLE_MAX_CHARS = 120;
const HTML_COMMENT = /<!--([\s\S]*?)(?:-->|$)/g;

/**
 * Extracts the visible text of an uploaded document (plain text, Markdown, HTML or PDF) for
 * chunking; PDF and HTML are parsed in a worker thread under time and memory limits
 * (parseInWorker). The format comes from the filename and is checked against the bytes
 * (`detectFormat`); limits (`DEFAULT_INGEST_LIMITS`, overridable per call) are checked before
 * parsing where they can be. Hidden content (HTML and Markdown comments, hidden HTML elements, Unicode tag characters)
 * is removed from `text` and returned in `hiddenText` for screening; invisible characters are
 * dropped. The title is the document's own (HTML `<title>`, PDF metadata, first heading), else its
 * first line, else the filename.
 *
 * @throws DocumentRejectedError (user-facing) for unsupported, oversized, encrypted, damaged or empty files.
 * @throws PdfSupportMissingError when a PDF arrives and the PDF package is not installed.
 */
export async function extractText(file: UploadedFile, limitOverrides: Partial<IngestLimits> = {}): Promise<ExtractedDocument> {
  const limits = { ...DEFAULT_INGEST_LIMITS, ...limitOverrides };
  if (file.bytes.length === 0) throw new DocumentRejectedError('This file is empty.');
  if (file.bytes.length > limits.maxBytes) {
    throw new DocumentRejectedError(`This file is too large (${formatBytes(file.bytes.length)}); the limit is ${formatBytes(limits.maxBytes)}.`);
  }
  const { format, warnings } = detectFormat(file);
  let raw: string;
  let ownTitle = '';
  const hiddenText: string[] = [];
  if (format === 'pdf') {
    ({ text: raw, title: ownTitle } = await parseInWorker({ format: 'pdf', bytes: new Uint8Array(file.bytes), limits }, limits));
  } else {
    const decoded = decodeText(file.bytes);
    warnings.push(...decoded.warnings);
    raw = decoded.text;
  }
  const cleaned = removeHiddenCharacters(raw);
  warnings.push(...cleaned.warnings);
  hiddenText.push(...cleaned.hiddenText);
  let text = cleaned.text;
  if (format === 'html') {
    const converted = await parseInWorker({ format: 'html', text }, limits);
    ({ text, title: ownTitle } = converted);
    hiddenText.push(...converted.hiddenText);
  } else if (format === 'markdown') {
    text = text.replace(HTML_COMMENT, (_, comment: string) => {
      if (comment.trim()) hiddenText.push(comment.trim());
      return '';
    });
  }
  if (text.length > limits.maxExtractedChars) {
    throw new DocumentRejectedError(
      `This document has more than ${limits.maxExtractedChars.toLocaleString('en-US')} characters of text. Split it into smaller files.`,
    );
  }
  if (!text.trim()) throw new DocumentRejectedError('No text could be extracted from this file.');
  if (hiddenText.length > 0) {
    warnings.push(
      `Removed ${hiddenText.length} hidden passage${hiddenText.length === 1 ? '' : 's'} (comments, hidden elements or invisible text); they are checked for instructions and not indexed.`,
    );
  }
  return { text: text.trim(), title: chooseTitle(ownTitle, text, file.filename), format, warnings, hiddenText };
}

function chooseTitle(ownTitle: string, text: string, filename: string): string {
  const heading = /^#{1,6}[ \t]+(.+)$/m.exec(text)?.[1];
  const firstLine = text.split('\n').find((line) => line.trim());
  const candidate = [ownTitle, heading, firstLine, path.basename(filename, path.extname(filename))].find((value) => value?.trim()) ?? filename;
  const characters = Array.from(candidate.replace(/\s+/g, ' ').trim());
  return characters.length > TITLE_MAX_CHARS ? `${characters.slice(0, TITLE_MAX_CHARS - 1).join('')}…` : characters.join('');
}
