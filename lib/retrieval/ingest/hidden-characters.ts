import 'server-only';
// Unicode tag characters (U+E0000–U+E007F) are invisible; U+E0020–U+E007E mirror printable ASCII,
// so text written in them ("ASCII smuggling") is read by a model but seen by no one.
const TAG_CHARACTERS = /[\u{E0000}-\u{E007F}]+/gu;
// Invisible characters with no use in document text, plus bidi overrides and isolates, which can
// make text display in a different order than it is read ("Trojan Source"). ZWJ and ZWNJ stay:
// emoji sequences and Persian, Arabic and Indic scripts need them.
const INVISIBLE = /[\u00ad\u180e\u200b\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONG_INVISIBLE_RUN = /[\u200b-\u200d\u2060-\u2064\ufeff]{16,}/;

/**
 * Removes what a reader cannot see from extracted text. Tag-character runs are decoded to ASCII
 * and returned as hidden text so they can be screened; other invisible characters are dropped
 * (zero-width spaces inside words would otherwise hide "ig\u200Bnore" from the screen). A long
 * run of zero-width characters is a known way to encode a payload in binary: it is reported.
 */
export function removeHiddenCharacters(text: string): { text: string; hiddenText: string[]; warnings: string[] } {
  const hiddenText: string[] = [];
  const warnings: string[] = [];
  if (LONG_INVISIBLE_RUN.test(text)) {
    warnings.push('This document contains long runs of invisible characters, which can encode hidden data; they were removed.');
  }
  const visible = text
    .replace(TAG_CHARACTERS, (run) => {
      const decoded = Array.from(run, (character) => {
        const code = character.codePointAt(0)! - 0xe0000;
        return code >= 0x20 && code <= 0x7e ? String.fromCharCode(code) : '';
      }).join('');
      if (decoded.trim()) hiddenText.push(decoded);
      return '';
    })
    .replace(INVISIBLE, '')
    .replace(CONTROL, '');
  return { text: visible, hiddenText, warnings };
}
