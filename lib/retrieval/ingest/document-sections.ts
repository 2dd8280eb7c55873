import 'server-only';
/** A heading and the text under it, up to the next heading (of any level). */
export interface DocumentSection {
  /** Titles of the enclosing headings, outermost first, ending with this section's own; empty before the first heading. */
  headingPath: string[];
  /** Offset of the heading line (or 0 for the text before the first heading). */
  start: number;
  /** Offset just past the section: the next heading line's offset, or the text length. */
  end: number;
  /** Offset just past the heading line (its underline, for a setext heading); `start` when there is no heading. */
  bodyStart: number;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(={3,}|-{3,})[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits Markdown-like text into sections at its headings: ATX (`## Title`) and setext (a line
 * underlined with `===` or `---`). Lines inside fenced code blocks are never headings, so a
 * `# comment` in a shell snippet stays in its section. A section's heading path is the stack of
 * headings above it, so `### Refunds` under `## Billing` under `# Handbook` has the path
 * `['Handbook', 'Billing', 'Refunds']`.
 */
export function findSections(text: string): DocumentSection[] {
  const lines = splitLines(text);
  const sections: DocumentSection[] = [{ headingPath: [], start: 0, end: text.length, bodyStart: 0 }];
  const stack: { level: number; title: string }[] = [];
  let fence: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const fenceMarker = FENCE.exec(line.text)?.[1];
    if (fenceMarker && (fence === null || (fenceMarker[0] === fence[0] && fenceMarker.length >= fence.length))) {
      fence = fence === null ? fenceMarker : null;
      continue;
    }
    if (fence !== null) continue;
    const heading = readHeading(line, lines[index + 1]);
    if (!heading) continue;
    while (stack.length > 0 && stack.at(-1)!.level >= heading.level) stack.pop();
    stack.push({ level: heading.level, title: heading.title });
    sections.at(-1)!.end = line.start;
    const bodyStart = heading.isSetext ? lines[index + 1].end : line.end;
    sections.push({ headingPath: stack.map((entry) => entry.title), start: line.start, end: text.length, bodyStart });
    if (heading.isSetext) index++;
  }
  // The text before the first heading is a section only if it has text.
  return sections.filter((section, index) => index > 0 || /\S/.test(text.slice(section.start, section.end)));
}

function readHeading(line: Line, next: Line | undefined): { level: number; title: string; isSetext: boolean } | null {
  const atx = ATX_HEADING.exec(line.text);
  if (atx) return atx[2].trim() ? { level: atx[1].length, title: atx[2].trim(), isSetext: false } : null;
  const underline = next && SETEXT_UNDERLINE.exec(next.text);
  if (underline && line.text.trim() && !/^\s*[-*+>]\s/.test(line.text)) {
    return { level: underline[1][0] === '=' ? 1 : 2, title: line.text.trim(), isSetext: true };
  }
  return null;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start, end, text: text.slice(start, end) });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}
