import 'server-only';
import { HOMOGLYPHS } from './homoglyph-table';
import type { TextVariantName } from './types';

/** One decoded view of a text. */
export interface TextVariant {
  variant: TextVariantName;
  text: string;
}

/** A folded text plus, for every folded UTF-16 unit, the raw range it came from. */
export interface FoldedText {
  text: string;
  rawStart: number[];
  rawEnd: number[];
}

// Shorter runs are mostly ordinary words; 16 base64 characters carry 12 bytes, 16 hex carry 8.
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:(?:\\x|0x)?[0-9A-Fa-f]{2}[,:;-]?\s?){8,}/g;
const HEX_NOISE = /\\x|0x|[^0-9A-Fa-f]/g;
const NON_ASCII = /[^\u0000-\u007f]/gu;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const COMBINING_MARK = /\p{M}/u;
const foldCache = new Map<string, string>();
const ROT13_TABLE: Record<number, number> = Object.fromEntries(
  Array.from({ length: 26 }, (_, letter) => [
    [65 + letter, 65 + ((letter + 13) % 26)],
    [97 + letter, 97 + ((letter + 13) % 26)],
  ]).flat(),
);

/**
 * Produces the decoded views the screen looks at: the text as is, then (only when they differ
 * from it or decode to something) the homoglyph-folded text, every base64/base64url run decoded,
 * every hex run decoded, and rot13. At most one variant per encoding: all runs of one encoding
 * are joined by newlines, so the work is linear in the input and the number of variants is
 * fixed at five. One layer only: base64 of rot13 is not unwrapped. Callers cap the input size
 * (see `DEFAULT_SCREENING_MAX_CHARS`).
 */
export function createTextVariants(text: string): TextVariant[] {
  const variants: TextVariant[] = [{ variant: 'plain', text }];
  const folded = text.replace(NON_ASCII, foldCodePoint);
  if (folded !== text) variants.push({ variant: 'homoglyph', text: folded });
  const base64 = decodeBase64Runs(text);
  if (base64) variants.push({ variant: 'base64', text: base64 });
  const hex = decodeHexRuns(text);
  if (hex) variants.push({ variant: 'hex', text: hex });
  variants.push({ variant: 'rot13', text: applyRot13(text) });
  return variants;
}

/**
 * Folds look-alikes to plain Latin, code point by code point: compatibility decomposition
 * (fullwidth, mathematical, circled and ligature forms), combining marks and invisible
 * characters (zero-width spaces and joiners, soft hyphens, bidi controls, tag characters)
 * dropped, and Cyrillic/Greek look-alike letters mapped. Per code point rather than whole-text
 * NFKC so that every folded character maps back to its raw position (the output scanner
 * redacts in the raw text). `createTextVariants` folds the same way without the offsets.
 */
export function foldHomoglyphs(text: string): FoldedText {
  let folded = '';
  const rawStart: number[] = [];
  const rawEnd: number[] = [];
  let index = 0;
  for (const character of text) {
    const replacement = foldCodePoint(character);
    for (let unit = 0; unit < replacement.length; unit++) {
      rawStart.push(index);
      rawEnd.push(index + character.length);
    }
    folded += replacement;
    index += character.length;
  }
  return { text: folded, rawStart, rawEnd };
}

/** rot13 on ASCII letters; one unit in, one unit out, so offsets are preserved. */
export function applyRot13(text: string): string {
  // A code-unit table instead of a replace callback: this runs on every prompt, at up to ~1M chars.
  const units = new Uint16Array(text.length);
  for (let index = 0; index < text.length; index++) units[index] = ROT13_TABLE[text.charCodeAt(index)] ?? text.charCodeAt(index);
  let output = '';
  for (let offset = 0; offset < units.length; offset += 8192) {
    output += String.fromCharCode(...units.subarray(offset, offset + 8192));
  }
  return output;
}

/** Decodes every base64 or base64url run that yields readable UTF-8; joins them with newlines. */
export function decodeBase64Runs(text: string): string {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    // Node's base64 decoder accepts both alphabets (+/ and -_).
    const readable = decodeReadableUtf8(Buffer.from(match[0], 'base64'));
    if (readable) decoded.push(readable);
  }
  return decoded.join('\n');
}

/** Decodes every hex run (`48656c6c6f`, `48 65 6c`, `\x48\x65`, `0x48 0x65`) that yields readable UTF-8. */
export function decodeHexRuns(text: string): string {
  const decoded: string[] = [];
  for (const match of text.matchAll(HEX_RUN)) {
    const digits = match[0].replace(HEX_NOISE, '');
    const readable = decodeReadableUtf8(Buffer.from(digits.slice(0, digits.length - (digits.length % 2)), 'hex'));
    if (readable) decoded.push(readable);
  }
  return decoded.join('\n');
}

function foldCodePoint(character: string): string {
  if (character.charCodeAt(0) < 0x80) return character;
  const cached = foldCache.get(character);
  if (cached !== undefined) return cached;
  let folded = '';
  if (!IGNORABLE.test(character)) {
    for (const part of character.normalize('NFKD')) {
      if (!COMBINING_MARK.test(part)) folded += HOMOGLYPHS[part] ?? part;
    }
  }
  // Capped: hostile input full of distinct code points must not grow it without limit.
  if (foldCache.size < 10_000) foldCache.set(character, folded);
  return folded;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decoded bytes count only if they are valid UTF-8 and mostly printable: random bytes rarely are. */
function decodeReadableUtf8(bytes: Buffer): string | null {
  if (bytes.length < 4) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  let unreadable = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code === 0xfffd) {
      unreadable++;
    }
  }
  return unreadable * 10 <= text.length ? text : null;
}
