import 'server-only';
import { tokenizeHtml } from './html-tokens';

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const DROPPED_ELEMENTS = new Set(['script', 'style']);
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'dd',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'html',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'ul',
]);
// Opening one of these closes an open element of the same kind, as HTML's optional end tags do.
const SELF_CLOSING_SIBLINGS: Readonly<Record<string, readonly string[]>> = {
  p: ['p'],
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  option: ['option'],
};
// Styles that keep text from being seen: not displayed, transparent, zero-sized, or pushed off-screen.
const HIDING_STYLE =
  /display:none|visibility:hidden|font-size:0(?![.\d]*[1-9])|opacity:0(?:\.0*)?(?![.\d]*[1-9])|color:transparent|(?:left|top|text-indent):-\d{3,}px/;

interface OpenElement {
  name: string;
  isHidden: boolean;
}

/**
 * Converts HTML to Markdown-like text that keeps the structure the chunker splits on: `h1`–`h6`
 * become `#` lines, blocks become paragraphs, list items `- ` lines (nesting is not kept), `pre`
 * fenced code, table rows lines with ` | ` between cells. Scripts and styles are dropped. What the page hides from its
 * readers (comments, `hidden` elements, `display:none` and similar styles, `template`, `noscript`)
 * goes to `hiddenText` instead, for screening. `title` is the `<title>` element, if any.
 */
export function convertHtmlToMarkdown(html: string): { text: string; title: string; hiddenText: string[] } {
  const output: string[] = [];
  const hiddenText: string[] = [];
  const stack: OpenElement[] = [];
  let hiddenBuffer = '';
  let title = '';
  let isInTitle = false;
  let droppedDepth = 0;
  let hiddenDepth = 0;
  let preDepth = 0;

  const breakBlock = () => output.push('\n\n');
  const flushHidden = () => {
    const text = collapseSpace(hiddenBuffer);
    if (text) hiddenText.push(text);
    hiddenBuffer = '';
  };
  const closeElement = (element: OpenElement) => {
    if (DROPPED_ELEMENTS.has(element.name)) droppedDepth--;
    if (element.name === 'pre') {
      preDepth--;
      output.push('\n```');
    }
    if (element.isHidden && --hiddenDepth === 0) flushHidden();
    if (isBlockBoundary(element.name)) breakBlock();
  };
  const closeUpTo = (index: number) => {
    while (stack.length > index) closeElement(stack.pop()!);
  };

  for (const token of tokenizeHtml(html)) {
    if (token.type === 'comment') {
      const text = collapseSpace(token.text);
      if (text) hiddenText.push(text);
    } else if (token.type === 'text') {
      if (isInTitle) title += token.text;
      else if (droppedDepth > 0) continue;
      else if (hiddenDepth > 0) hiddenBuffer += ` ${token.text}`;
      else output.push(preDepth > 0 ? token.text : escapeLineStart(token.text.replace(/\s+/g, ' '), output));
    } else if (token.type === 'close') {
      if (token.name === 'title') isInTitle = false;
      const index = stack.map((element) => element.name).lastIndexOf(token.name);
      if (index !== -1) closeUpTo(index);
    } else {
      const { name, attributes } = token;
      if (name === 'title') {
        isInTitle = !token.isSelfClosing;
        continue;
      }
      const siblings = SELF_CLOSING_SIBLINGS[name];
      const top = stack.at(-1);
      if (top && (siblings?.includes(top.name) || (top.name === 'p' && isBlockBoundary(name)))) closeUpTo(stack.length - 1);
      const isVisible = hiddenDepth === 0 && droppedDepth === 0;
      if (name === 'br' || name === 'li' || name === 'tr') output.push('\n');
      if (isBlockBoundary(name)) breakBlock();
      const headingLevel = /^h([1-6])$/.exec(name)?.[1];
      if (headingLevel && isVisible) output.push(`${'#'.repeat(Number(headingLevel))} `);
      if (name === 'li' && isVisible) output.push('- ');
      if ((name === 'td' || name === 'th') && isVisible && !(output.at(-1) ?? '\n').endsWith('\n')) output.push(' | ');
      if (VOID_ELEMENTS.has(name) || token.isSelfClosing) continue;
      const isHidden = isHiddenElement(name, attributes);
      stack.push({ name, isHidden });
      if (DROPPED_ELEMENTS.has(name)) droppedDepth++;
      if (isHidden) hiddenDepth++;
      if (name === 'pre') {
        preDepth++;
        output.push('```\n');
      }
    }
  }
  closeUpTo(0);
  flushHidden();
  return { text: normalizeOutput(output.join('')), title: collapseSpace(title), hiddenText };
}

function isBlockBoundary(name: string): boolean {
  return BLOCK_ELEMENTS.has(name) || /^h[1-6]$/.test(name) || name === 'pre';
}

function isHiddenElement(name: string, attributes: Record<string, string>): boolean {
  if (name === 'template' || name === 'noscript' || 'hidden' in attributes) return true;
  return HIDING_STYLE.test((attributes.style ?? '').toLowerCase().replace(/\s+/g, ''));
}

/** Text that starts a line with `#` would read as a heading: escape it, as Markdown does. */
function escapeLineStart(text: string, output: readonly string[]): string {
  const isLineStart = output.length === 0 || /\n\s*$/.test(output.at(-1)!);
  return isLineStart ? text.replace(/^(\s*)#/, '$1\\#') : text;
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Trims lines (outside code fences), drops empty headings, keeps at most one blank line in a row. */
function normalizeOutput(text: string): string {
  let isInFence = false;
  const lines = text.split('\n').map((line) => {
    if (line === '```') isInFence = !isInFence;
    if (isInFence) return line.trimEnd();
    return line
      .replace(/ {2,}/g, ' ')
      .trim()
      .replace(/^#{1,6}$/, '');
  });
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
