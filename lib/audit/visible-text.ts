/**
 * User-controlled audit text made safe to look at: every character that could move the cursor, recolour
 * a terminal, hide or reorder text (C0 and C1 controls including ESC, DEL, line and paragraph separators,
 * bidirectional overrides and isolates, zero-width characters, the BOM) becomes a visible escape such as
 * `\n` or `\u001b`, so a forged "second line" or an ANSI sequence shows as what it is.
 * @param keepNewlines leave LF as is (for text whose line breaks are the viewer's own, like pretty JSON)
 */
export function toVisibleText(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(INVISIBLE, (char) => {
    if (char === '\n' && options.keepNewlines) return char;
    return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
