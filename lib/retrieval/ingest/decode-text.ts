import 'server-only';
const utf8 = new TextDecoder('utf-8', { fatal: true });
// Bytes 0x80–0x9F in Windows-1252 (the rest is Latin-1). Written out because Node 20's
// TextDecoder('windows-1252') decodes them as Latin-1 control characters (€ comes out as U+0080).
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Decodes the bytes of a text upload: a byte order mark wins (UTF-8, UTF-16 LE or BE); otherwise
 * UTF-8, and bytes that are not valid UTF-8 are read as Windows-1252 (what older editors on
 * Windows write, and a superset of Latin-1), with a warning. Line endings become `\n`.
 */
export function decodeText(bytes: Buffer): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = utf8.decode(bytes.subarray(3));
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = utf8.decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
      warnings.push('This file is not valid UTF-8; it was read as Windows-1252. Check that accented letters look right.');
    }
  }
  return { text: text.replace(/\r\n?/g, '\n'), warnings };
}

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (character) => WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80]);
}
