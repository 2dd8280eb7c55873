import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toVisibleText } from './visible-text';

describe('toVisibleText', () => {
  test('shows ANSI escapes, forged line breaks and bidi overrides as escapes', () => {
    assert.equal(toVisibleText('\u001b[31mred\u001b[0m'), '\\u001b[31mred\\u001b[0m');
    assert.equal(toVisibleText('ok\n2026-01-01 admin signed in\r'), 'ok\\n2026-01-01 admin signed in\\r');
    assert.equal(toVisibleText('file\u202egnp.exe'), 'file\\u202egnp.exe');
    assert.equal(toVisibleText('a\u2028b\u200bc\u0085d\u007f'), 'a\\u2028b\\u200bc\\u0085d\\u007f');
  });

  test('leaves ordinary text, including other scripts and emoji, as it is', () => {
    const text = 'Zoë — 東京 📄 "quoted" <b>not html</b>';
    assert.equal(toVisibleText(text), text);
  });

  test('keepNewlines keeps only LF', () => {
    assert.equal(toVisibleText('{\n  "a": 1\r\n}', { keepNewlines: true }), '{\n  "a": 1\\r\n}');
  });
});
