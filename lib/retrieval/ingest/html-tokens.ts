import 'server-only';
import { decodeHtmlEntities } from './html-entities';

/** One piece of an HTML document, as the converter needs it. Text and attribute values are decoded. */
export type HtmlToken =
  | { type: 'text'; text: string }
  | { type: 'open'; name: string; attributes: Record<string, string>; isSelfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'comment'; text: string };

// Elements whose content is not markup: everything up to the matching end tag is one text token.
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext']);
const TAG_NAME = /<(\/?)([A-Za-z][A-Za-z0-9:-]{0,63})/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * A small HTML tokenizer for text extraction: tags with attributes, text, comments, and the
 * raw-text elements (`script`, `style`, `title`, `textarea`) whose content is not parsed. Quoted
 * attribute values may contain `>`. Doctypes and processing instructions are skipped, CDATA is
 * text, and a `<` that starts no tag is text, as in browsers. Linear in the input; it does not
 * build a tree (the converter keeps its own stack) and does not repair markup.
 */
export function* tokenizeHtml(html: string): Generator<HtmlToken> {
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) {
      yield { type: 'text', text: decodeHtmlEntities(html.slice(index)) };
      return;
    }
    if (open > index) yield { type: 'text', text: decodeHtmlEntities(html.slice(index, open)) };
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      yield { type: 'comment', text: html.slice(open + 4, end === -1 ? html.length : end) };
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', open)) {
      const end = html.indexOf(']]>', open + 9);
      yield { type: 'text', text: html.slice(open + 9, end === -1 ? html.length : end) };
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[open + 1] === '!' || html[open + 1] === '?') {
      const end = html.indexOf('>', open);
      index = end === -1 ? html.length : end + 1;
      continue;
    }
    TAG_NAME.lastIndex = open;
    const tag = TAG_NAME.exec(html);
    if (!tag) {
      yield { type: 'text', text: '<' };
      index = open + 1;
      continue;
    }
    const end = findTagEnd(html, open + tag[0].length);
    const name = tag[2].toLowerCase();
    index = end === -1 ? html.length : end + 1;
    if (tag[1]) {
      yield { type: 'close', name };
      continue;
    }
    const inside = html.slice(open + tag[0].length, end === -1 ? html.length : end);
    const isSelfClosing = inside.trimEnd().endsWith('/');
    yield { type: 'open', name, attributes: parseAttributes(inside), isSelfClosing };
    if (RAW_TEXT_ELEMENTS.has(name) && !isSelfClosing) {
      const closing = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
      closing.lastIndex = index;
      const match = closing.exec(html);
      const contentEnd = match ? match.index : html.length;
      const text = html.slice(index, contentEnd);
      // Only title and textarea decode references; script and style content is taken literally.
      yield { type: 'text', text: name === 'title' || name === 'textarea' ? decodeHtmlEntities(text) : text };
      yield { type: 'close', name };
      const closeEnd = match ? html.indexOf('>', contentEnd) : -1;
      index = closeEnd === -1 ? html.length : closeEnd + 1;
    }
  }
}

/** Index of the `>` that ends the tag, skipping quoted attribute values; -1 if the tag never ends. */
function findTagEnd(html: string, from: number): number {
  let index = from;
  while (index < html.length) {
    const character = html[index];
    if (character === '>') return index;
    if (character === '=') {
      let valueStart = index + 1;
      while (valueStart < html.length && /\s/.test(html[valueStart])) valueStart++;
      const quote = html[valueStart];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, valueStart + 1);
        if (close === -1) return -1;
        index = close + 1;
        continue;
      }
    }
    index++;
  }
  return -1;
}

function parseAttributes(inside: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of inside.matchAll(ATTRIBUTE)) {
    const name = match[1].toLowerCase();
    if (!(name in attributes)) attributes[name] = decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}
