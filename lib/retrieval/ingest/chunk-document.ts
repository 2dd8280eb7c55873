import 'server-only';
import { findSections } from './document-sections';
import { splitIntoPieces, type TextRange } from './split-pieces';

/** One retrievable piece of a document. `text` is exactly `documentText.slice(charStart, charEnd)`. */
export interface DocumentChunk {
  /** 0-based position in the document's chunk list. */
  index: number;
  /** The headings this chunk sits under, outermost first (see `findSections`); empty before the first heading. */
  headingPath: string[];
  text: string;
  charStart: number;
  charEnd: number;
}

export interface ChunkOptions {
  /** Longest chunk, in characters (UTF-16 code units), unless one unbreakable run is longer. */
  targetChars: number;
  /** Most characters a chunk repeats from the end of the one before it, within one section. */
  overlapChars: number;
}

/** About 300 tokens a chunk, with about one sentence of overlap. */
export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = { targetChars: 1200, overlapChars: 150 };

const SENTENCE_END = /[.!?…。！？]["'”’)\]»]*$/;

/**
 * Splits a document's text into chunks for retrieval. Headings split first: a chunk never spans
 * two sections, and carries its section's heading path. Within a section, paragraphs are packed
 * into chunks of at most `targetChars`; a paragraph too long for one chunk is split at lines,
 * then sentences, then words (`splitIntoPieces`). Each chunk after the first in a section starts
 * up to `overlapChars` before the previous one ended, at a sentence start if the overlap holds
 * one, else at a word start. A heading with no text of its own is kept with its first
 * subsection rather than becoming a chunk alone.
 *
 * Guarantees: every non-space character of `text` is in at least one chunk; no chunk is empty or
 * begins or ends with white space; chunk boundaries fall between words (except inside a run of
 * non-space characters longer than `targetChars`); the output depends only on the input.
 *
 * @throws RangeError when the options are out of range (a caller bug).
 */
export function chunkDocument(text: string, options: Partial<ChunkOptions> = {}): DocumentChunk[] {
  const { targetChars, overlapChars } = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  if (!Number.isInteger(targetChars) || targetChars < 100) throw new RangeError('targetChars must be an integer of at least 100');
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars * 2 > targetChars) {
    throw new RangeError('overlapChars must be an integer between 0 and half of targetChars');
  }
  const chunks: DocumentChunk[] = [];
  const sections = findSections(text);
  let carriedStart: number | null = null;
  sections.forEach((section, index) => {
    const start = carriedStart ?? section.start;
    const hasBody = /\S/.test(text.slice(section.bodyStart, section.end));
    const next = sections[index + 1];
    if (!hasBody && next && next.headingPath.length > section.headingPath.length) {
      carriedStart = start;
      return;
    }
    carriedStart = null;
    const pieces = splitIntoPieces(text, start, section.end, targetChars);
    for (const range of packPieces(text, pieces, targetChars, overlapChars)) {
      const chunkText = text.slice(range.start, range.end);
      chunks.push({ index: chunks.length, headingPath: [...section.headingPath], text: chunkText, charStart: range.start, charEnd: range.end });
    }
  });
  return chunks;
}

/** Greedily joins consecutive pieces into chunks of at most `targetChars`, each overlapping the one before. */
function packPieces(text: string, pieces: readonly TextRange[], targetChars: number, overlapChars: number): TextRange[] {
  const chunks: TextRange[] = [];
  let index = 0;
  while (index < pieces.length) {
    const previous = chunks.at(-1);
    const earliest = Math.max(pieces[index].end - targetChars, previous ? previous.end - overlapChars : 0);
    const overlapStart = previous && overlapChars > 0 ? findOverlapStart(text, previous, earliest) : null;
    const start = overlapStart ?? pieces[index].start;
    let end = pieces[index].end;
    for (index++; index < pieces.length && pieces[index].end - start <= targetChars; index++) end = pieces[index].end;
    chunks.push({ start, end });
  }
  return chunks;
}

/**
 * Where the next chunk starts inside `previous`: the first sentence start at or after `earliest`,
 * else the first word start; null when the window holds neither. Never `previous.start` itself,
 * so a chunk never contains the whole of the one before it.
 */
function findOverlapStart(text: string, previous: TextRange, earliest: number): number | null {
  let firstWordStart: number | null = null;
  for (let position = Math.max(earliest, previous.start + 1); position < previous.end; position++) {
    if (!/\s/.test(text[position - 1]) || /\s/.test(text[position])) continue;
    if (isAfterSentenceEnd(text, position, previous.start)) return position;
    firstWordStart ??= position;
  }
  return firstWordStart;
}

/** True when the last non-space character before `position` (not looking back past `floor`) ends a sentence. */
function isAfterSentenceEnd(text: string, position: number, floor: number): boolean {
  let last = position - 1;
  while (last > floor && /\s/.test(text[last])) last--;
  return SENTENCE_END.test(text.slice(Math.max(floor, last - 7), last + 1));
}
