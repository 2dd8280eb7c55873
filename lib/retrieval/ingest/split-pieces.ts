import 'server-only';
/** A range of text, `start` inclusive and `end` exclusive, that begins and ends with a non-space character. */
export interface TextRange {
  start: number;
  end: number;
}

// Coarsest first: paragraphs (blank lines), lines, sentences, then words.
const SEPARATORS: readonly RegExp[] = [/\n[ \t]*\n\s*/g, /\n\s*/g, /(?<=[.!?…。！？]["'”’)\]»]*)\s+/g, /\s+/g];

/**
 * Splits `text[start, end)` into pieces of at most `maxChars` characters, at the coarsest
 * boundary that works: paragraphs, then lines, then sentences, then words. The pieces cover
 * every non-space character of the range in order, and each starts and ends on a non-space
 * character, so no piece boundary falls inside a word. A run of non-space characters longer
 * than `maxChars` (a URL, a base64 blob) is not a word: it is cut into `maxChars` slices, never
 * inside a surrogate pair.
 */
export function splitIntoPieces(text: string, start: number, end: number, maxChars: number): TextRange[] {
  const pieces: TextRange[] = [];
  collectPieces(text, start, end, maxChars, 0, pieces);
  return pieces;
}

/** Appends to `pieces` rather than returning arrays to spread: a long text has more pieces than a call may have arguments. */
function collectPieces(text: string, start: number, end: number, maxChars: number, level: number, pieces: TextRange[]): void {
  const range = trimRange(text, start, end);
  if (!range) return;
  if (range.end - range.start <= maxChars) {
    pieces.push(range);
    return;
  }
  if (level === SEPARATORS.length) {
    sliceLongRun(text, range, maxChars, pieces);
    return;
  }
  // Matched on a slice, so that no search runs past the range (which would make this quadratic).
  let segmentStart = range.start;
  for (const match of text.slice(range.start, range.end).matchAll(SEPARATORS[level])) {
    collectPieces(text, segmentStart, range.start + match.index, maxChars, level + 1, pieces);
    segmentStart = range.start + match.index + match[0].length;
  }
  collectPieces(text, segmentStart, range.end, maxChars, level + 1, pieces);
}

/** The range without leading and trailing white space, or null if nothing is left. */
export function trimRange(text: string, start: number, end: number): TextRange | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? { start, end } : null;
}

function sliceLongRun(text: string, range: TextRange, maxChars: number, slices: TextRange[]): void {
  for (let start = range.start; start < range.end;) {
    let end = Math.min(start + maxChars, range.end);
    // Do not cut between the two halves of a surrogate pair.
    if (end < range.end && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    slices.push({ start, end });
    start = end;
  }
}
